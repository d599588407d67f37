using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

public sealed class ReplayPlaceholderKeyTests
{
    // A replay reads an unset key variable as a placeholder, but a GitHub App key must parse: the error
    // said to download the key from the App's settings page, the one thing a replay does not need, and
    // not which variable to set or that any key of the kind does.
    [Fact]
    public async Task A_github_app_key_missing_in_a_replay_is_reported_with_the_variable_to_set()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        Directory.CreateDirectory(Path.Combine(recording, "gh"));
        File.WriteAllText(Path.Combine(recording, "gh", "000.json"),
            """{"url":"https://api.github.com/orgs/acme/audit-log","status":200,"headers":{},"body_base64":"W10="}""");
        var config = dir.Write("helr.yaml", """
            sources:
              gh:
                type: github
                org: acme
                auth:
                  type: github_app
                  app_id: "123"
                  installation_id: "456"
                  private_key_env: E2E_REPLAY_GH_APP_KEY
            """);

        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path,
            env: new Dictionary<string, string?> { ["E2E_REPLAY_GH_APP_KEY"] = null });

        Assert.Equal(1, replayed.ExitCode);
        Assert.Contains("sources.gh.auth.private_key_env: E2E_REPLAY_GH_APP_KEY is not set, which a replay reads as a placeholder, "
            + "but this key must parse (the GitHub App private key is not a PEM RSA private key", replayed.Stderr);
        Assert.Contains("set E2E_REPLAY_GH_APP_KEY to any key of that kind (`openssl genrsa 2048` makes an RSA one): a replay never checks its signature",
            replayed.Stderr);
        Assert.DoesNotContain("download it", replayed.Stderr);
    }
}
