using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Scheduling;

/// <summary>
/// A continuous run compacts its heap once, after the last of its sources ended its first cycle
/// (docs/performance.md, "Many sources"): not before, and not again after later cycles.
/// </summary>
public sealed class FirstCyclesCompactionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Compacted = "first cycle of every source done: heap compacted";

    [Fact]
    public async Task The_heap_is_compacted_once_every_source_finished_its_first_cycle()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var aPolled = 0;
        var aPolledTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aPolledAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OnGet("/a", _ =>
        {
            var n = Interlocked.Increment(ref aPolled);
            if (n >= 2) aPolledTwice.TrySetResult();
            if (n >= 5) aPolledAgain.TrySetResult();
            return FakeResponse.Json("""[{"id":"a"}]""");
        });
        // The slow source's first page is held until the test lets it go, so its first cycle ends last.
        server.OnGet("/slow", _ =>
        {
            slowAsked.TrySetResult();
            release.Task.Wait();
            return FakeResponse.Json("""[{"id":"s"}]""");
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              log_level: debug
            sources:
              a:
                url: {server.Url("/a")}
                schedule:
                  interval_secs: 1
              slow:
                url: {server.Url("/slow")}
                schedule:
                  interval_secs: 3600
            """);
        await using var helr = HelrProcess.Start($"run -c {config} --output {dir.File("out.ndjson")}", dir.Path);
        try
        {
            await Run();
        }
        finally
        {
            // A failed assertion must not leave the fake server's handler blocked.
            release.TrySetResult();
        }

        async Task Run()
        {
            // a has ended its first cycle (its second has started); slow has not: no compaction yet.
            await slowAsked.Task.WaitAsync(Timeout);
            await aPolledTwice.Task.WaitAsync(Timeout);
            Assert.DoesNotContain(Compacted, helr.Stderr);

            release.SetResult();
            await helr.WaitForStderrAsync(Compacted, Timeout);
            // Later cycles of a do not compact again.
            await aPolledAgain.Task.WaitAsync(Timeout);
            helr.Signal("TERM");
            var result = await helr.WaitAsync(Timeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Single(result.Stderr.Split('\n'), l => l.Contains(Compacted, StringComparison.Ordinal));
        }
    }
}
