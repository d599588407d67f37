using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>The examples in docs/state.md (docs/examples/state-*.yaml) are valid configs.</summary>
public sealed class StateExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples", "docs"), "state-*.yaml").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_validates(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "docs", name);
        var env = new Dictionary<string, string?>
        {
            ["OKTA_DOMAIN"] = "example.okta.com", ["OKTA_API_TOKEN"] = "t", ["GITHUB_TOKEN"] = "t",
            ["SLACK_AUDIT_TOKEN"] = "t", ["REDIS_PASSWORD"] = "p", ["HELR_PG_PASSWORD"] = "p",
        };
        var result = await HelrProcess.RunAsync($"validate -c {path}", env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config valid", result.Stderr);
        Assert.DoesNotContain("warning", result.Stderr);
    }

    [Fact]
    public async Task State_keys_are_validated_with_their_key_path()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            global:
              state:
                backend: postgres
                lease_ttl_secs: 1
              degradation:
                state_store_fallback: disk
                reduced_frequency_multiplier: 0.5
            sources:
              s:
                url: https://example.com/logs
                on_state_write_error: ignore
            """);
        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("global.state.url: required when backend is postgres", result.Stderr);
        Assert.Contains("global.state.lease_ttl_secs: must be between 2 and 86400", result.Stderr);
        Assert.Contains("global.degradation.state_store_fallback: 'disk' is not one of: memory", result.Stderr);
        Assert.Contains("global.degradation.reduced_frequency_multiplier: must be 0 (no slowing down) or at least 1, found 0.5", result.Stderr);
        Assert.Contains("sources.s.on_state_write_error: 'ignore' is not one of: fail, skip_checkpoint", result.Stderr);

        var badUrls = dir.Write("urls.yaml", """
            global:
              state:
                backend: redis
                url: http://user:hunter2@redis:6379
            sources:
              s:
                url: https://example.com/logs
            """);
        var redis = await HelrProcess.RunAsync($"validate -c {badUrls}", dir.Path);
        Assert.Equal(1, redis.ExitCode);
        Assert.Contains("global.state.url: expected redis://", redis.Stderr);
        Assert.DoesNotContain("hunter2", redis.Stderr);
    }
}
