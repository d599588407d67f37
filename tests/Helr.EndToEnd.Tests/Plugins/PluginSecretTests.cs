using Helr.EndToEnd.Tests.Operations;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

using static Helr.EndToEnd.Tests.Support.PluginFolders;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// A third-party plugin that logs or throws its source's credential: helr prints neither in its logs
/// nor in the source's <c>last_error</c>, whatever the plugin does with the value.
/// </summary>
public sealed class PluginSecretTests
{
    private const string Token = "leaky-token-7f3a9c2e51d8";

    [Fact]
    public async Task A_plugin_that_logs_and_throws_its_token_has_it_cut_out_of_the_logs_and_last_error()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              leaky:
                type: leaky
                url: {api.Url("/audit")}
                token_env: LEAKY_TOKEN
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        var env = new Dictionary<string, string?> { ["LEAKY_TOKEN"] = Token, ["HELR_LOG_FORMAT"] = "json" };

        await using var helr = await ApiHelr.StartAsync(config, dir, env, $"--plugins-dir {plugins}");
        await helr.Process.WaitForStderrAsync("poll failed: leaky", TimeSpan.FromSeconds(60));
        var source = (await helr.GetAsync("/api/v1/sources/leaky")).Body!;
        var (_, trigger, _) = await helr.PostAsync("/api/v1/sources/leaky/poll");
        // The triggered cycle's lines may still be on their way through the stderr pipe when it answers.
        await helr.Process.WaitForStderrAsync("poll failed: leaky", 2, TimeSpan.FromSeconds(30));

        // The plugin did send it: the redaction is helr's, not an absent value.
        Assert.Contains($"Bearer {Token}", api.Requests.Select(r => r.Header("Authorization")));
        var lastError = source["last_error"]!.GetValue<string>();
        Assert.Equal("plugin 'faulty': threw Exception: the vendor did not like token [REDACTED]", lastError);
        Assert.Equal(lastError, trigger!["error"]!.GetValue<string>());
        var stderr = helr.Process.Stderr;
        Assert.DoesNotContain(Token, stderr);
        Assert.Contains("leaky: calling " + api.Url("/audit") + " with Bearer [REDACTED]", stderr);
        Assert.Contains("\"Token\":\"[REDACTED]\"", stderr);
        Assert.Contains("refused [REDACTED]", stderr);
        Assert.Contains("\"Header\":\"Bearer [REDACTED]\"", stderr);
    }

    [Fact]
    public async Task A_plugin_that_throws_its_token_while_building_the_source_has_it_cut_out_of_the_config_error()
    {
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        dir.Write("token.txt", Token + "\n");
        var config = dir.Write("helr.yaml", $"""
            sources:
              leaky:
                type: leaky
                url: https://example.com/audit
                token_file: {dir.File("token.txt")}
                fail_create: "true"
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.leaky: plugin 'faulty' failed to build this source: InvalidOperationException: the vendor refused token [REDACTED]", result.Stderr);
        Assert.DoesNotContain(Token, result.Stderr + result.Stdout);
    }
}
