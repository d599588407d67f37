using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

// Some APIs take their key in the path (/v1/<key>/events). The recording cuts it out of the stored
// request URL, so the replay's request, which carries the key, must still find that exchange.
public sealed class PathSecretReplayTests
{
    [Fact]
    public async Task A_key_in_the_url_path_is_not_recorded_and_the_recording_replays()
    {
        const string Key = "path-K3y-wwww5555";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        var env = new Dictionary<string, string?> { ["RR_PATH_KEY"] = Key };
        HelrResult recorded;
        string config;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            api.OnGet($"/v1/{Key}/events", _ => FakeResponse.Json("""[{"id":"k1"},{"id":"k2"}]"""));
            config = dir.Write("helr.yaml", $$"""
                sources:
                  keyed:
                    url: {{api.Url("/v1")}}/${RR_PATH_KEY}/events
                """);
            recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path, env: env);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
            Assert.Equal(new[] { "k1", "k2" }, recorded.Lines.EventField("id"));
        }
        foreach (var file in Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(Key, RecordingText.Of(file), StringComparison.Ordinal);

        // The url names the variable outside a credential key, so the replay needs it set, as the live run did.
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path, env: env);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.DoesNotContain("no recorded response", replayed.Stderr, StringComparison.Ordinal);
        Assert.Equal(recorded.Lines.EventField("id"), replayed.Lines.EventField("id"));
    }
}
