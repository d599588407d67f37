using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

public sealed class ToFixtureTests
{
    [Fact]
    public async Task A_live_recording_converted_by_the_cli_serves_the_same_events_from_the_test_kit()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        HelrResult recorded;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            RecordingApi.Serve(api);
            var config = dir.Write("helr.yaml", RecordingApi.Config(api, dir));
            recorded = await HelrProcess.RunAsync($"run --once -c {config} --source post --record-dir {recording}", dir.Path, env: RecordingApi.Env);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }
        var fixture = dir.File("plugin/testdata/post-bug.json");
        var convert = await HelrProcess.RunAsync($"replay to-fixture {recording} --source post --out {fixture}", dir.Path);
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Contains($"wrote {fixture}: 2 recorded response(s) of source \"post\"", convert.Stderr);

        // The fixture on a fresh fake server, with no credential checks: what the recording holds is enough.
        await using var fake = await FakeVendorServer.StartAsync();
        RecordedFixture.Serve(fake, File.ReadAllText(fixture));
        using var again = new TempDir();
        var fakeConfig = again.Write("helr.yaml", RecordingApi.Config(fake, again));
        var replayed = await HelrProcess.RunAsync($"run --once -c {fakeConfig} --source post", again.Path, env: RecordingApi.Env);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "p1", "p2" }, replayed.Lines.EventField("id"));
        Assert.Equal(RecordReplayTests.BySource(recorded.Stdout)["post"], RecordReplayTests.BySource(replayed.Stdout)["post"]);
    }

    [Fact]
    public async Task Converting_a_source_that_was_not_recorded_names_it_and_the_folder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("rec/other"));
        var result = await HelrProcess.RunAsync($"replay to-fixture {dir.File("rec")} --source missing --out {dir.File("f.json")}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: no recording for source \"missing\" (no *.json in {dir.File("rec/missing")})", result.Stderr);
    }

    // A mistyped recording folder was reported as a source without a recording ("no *.json in /missing/s"),
    // sending the user to look for a source folder inside a folder that is not there.
    [Fact]
    public async Task A_recording_folder_that_does_not_exist_is_named_as_missing()
    {
        using var dir = new TempDir();
        var missing = dir.File("missing");
        var result = await HelrProcess.RunAsync($"replay to-fixture {missing} --source s --out {dir.File("f.json")}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: the recording folder {missing} does not exist", result.Stderr);
        Assert.DoesNotContain("no *.json", result.Stderr);

        var file = dir.Write("rec.json", "{}");
        var notFolder = await HelrProcess.RunAsync($"replay to-fixture {file} --source s --out {dir.File("f.json")}", dir.Path);
        Assert.Equal(1, notFolder.ExitCode);
        Assert.Contains($"error: {file} is a file, not a recording folder", notFolder.Stderr);
    }
}
