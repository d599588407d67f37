using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

public sealed class RerecordTests
{
    [Fact]
    public async Task Recording_again_into_the_same_folder_keeps_none_of_the_earlier_runs_responses()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        var pages = 3;
        api.OnGet("/logs", r =>
        {
            var page = int.Parse(r.Param("page") ?? "0");
            var body = FakeResponse.Json($$"""[{"id":"p{{page}}-of-{{pages}}"}]""");
            return page + 1 < pages ? body.WithNext(api.Url($"/logs?page={page + 1}")) : body;
        });
        // No state block: each run starts again from the first page.
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        var first = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(3, Directory.GetFiles(Path.Combine(recording, "s1"), "*.json").Length);

        pages = 1;
        var second = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
        Assert.True(second.ExitCode == 0, second.ToString());

        // The recording is the second run's: its one page, not that page followed by the first run's 001 and 002.
        Assert.Equal(new[] { "000.json" }, Directory.GetFiles(Path.Combine(recording, "s1"), "*.json").Select(Path.GetFileName));
        var fixture = dir.File("s1.json");
        var convert = await HelrProcess.RunAsync($"replay to-fixture {recording} --source s1 --out {fixture}", dir.Path);
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Contains("1 recorded response(s)", convert.Stderr);
        Assert.DoesNotContain("-of-3", File.ReadAllText(fixture));
    }
}
