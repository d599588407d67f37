using Helr.EndToEnd.Tests.Hooks;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

/// <summary>Recording a hooks source: its script's credentials come from the environment, which the config does not name.</summary>
public sealed class HookRecordingTests
{
    [Fact]
    public async Task Recording_the_hooks_example_keeps_neither_the_token_it_logs_in_with_nor_the_session()
    {
        await using var server = await FakeVendorServer.StartAsync();
        GraphqlFakeApi.Start(server, events: 3);
        using var dir = new TempDir();
        var config = AndromedaHookTests.ExampleConfig(dir, server);
        var recording = dir.File("rec");

        var run = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path, env: AndromedaHookTests.Env(server));

        Assert.True(run.ExitCode == 0, run.ToString());
        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(GraphqlFakeApi.Token, text);
            Assert.DoesNotContain("s-42", text);
        }
        var login = RecordReplayTests.Json(recording, "andromeda-audit", "000.json");
        Assert.Equal("{\"code\":\"[REDACTED]\"}", login.GetProperty("request_body").GetString());
    }
}
