using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>What the <c>helr state</c> command tests share: a one-source SQLite config, a run that must succeed, a config for any backend.</summary>
internal static class StateCommandCli
{
    internal static string SqliteConfig(TempDir dir, string name, string url = "https://example.com/logs") => dir.Write(name, $"""
        global:
          state:
            backend: sqlite
            path: {dir.File(Path.ChangeExtension(name, ".db"))}
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
            schedule:
              interval_secs: 3600
        """);

    internal static async Task<HelrResult> HelrOk(string args, string? stdin = null)
    {
        var result = await HelrProcess.RunAsync(args, stdin: stdin);
        Assert.True(result.ExitCode == 0, $"helr {args}\n{result}");
        return result;
    }

    internal static string BackendConfig(string stateYaml) => $"""
        global:
          state:
        {stateYaml}
        sources:
          okta:
            url: https://example.okta.com/api/v1/logs
        """;

    internal static string Normalize(string json) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);
}
