using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Crash safety: a continuous run over a multi-page API is killed with SIGKILL at random moments and
/// restarted, again and again. No event may be lost; duplicates are bounded by two pages per kill
/// (the pages flushed but not yet checkpointed when it died).
/// </summary>
public sealed class KillTests(Stores stores, ITestOutputHelper output) : IClassFixture<Stores>
{
    public static readonly TheoryData<string> Durable = new() { "sqlite", "redis", "postgres" };
    private const int Events = 300;
    private const int PageSize = 10;

    [SkippableTheory]
    [MemberData(nameof(Durable))]
    public async Task Killing_and_restarting_at_random_moments_loses_no_event(string backend)
    {
        var seed = TestSeed.Create(output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("k").Add(Events).Mount(api);
        feed.MaxDelay = TimeSpan.FromMilliseconds(15);
        feed.Seed = seed;
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {state}
            sources:
            {feed.SourceYaml(api, intervalSecs: 1, maxPages: 7)}
            """);
        var dataset = feed.Ids.ToHashSet();
        var emitted = new List<string>();
        var kills = 0;
        for (var i = 0; i < 10; i++)
        {
            var remaining = dataset.Count - emitted.Distinct().Count();
            if (remaining == 0) break;
            await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
            var lines = seed.Next(1, Math.Min(remaining, 60) + 1);
            await helr.WaitForLinesAsync(lines, TimeSpan.FromSeconds(60));
            await Task.Delay(seed.Next(0, 25)); // vary where in the page loop the kill lands
            helr.Signal("KILL");
            var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 137, $"{seed.Note}: {result}");
            emitted.AddRange(Eventually.EventIds(result.Stdout));
            kills++;
        }

        await using (var last = HelrProcess.Start($"run -c {config}", dir.Path))
        {
            await last.WaitForStderrAsync("source(s), state", TimeSpan.FromSeconds(30)); // signal handlers are set
            var before = emitted.ToHashSet();
            await Eventually.WaitAsync(() => before.Union(Eventually.EventIds(last.Stdout)).Count() >= dataset.Count, TimeSpan.FromSeconds(90),
                () => $"{seed.Note}: {before.Union(Eventually.EventIds(last.Stdout)).Count()} of {dataset.Count} events\n{last.Stderr}");
            last.Signal("TERM");
            var result = await last.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, $"{seed.Note}: {result}");
            emitted.AddRange(Eventually.EventIds(result.Stdout));
        }

        Assert.True(!dataset.Except(emitted).Any(), $"{seed.Note}: lost {string.Join(", ", dataset.Except(emitted))}");
        Assert.True(!emitted.Except(dataset).Any(), $"{seed.Note}: unknown {string.Join(", ", emitted.Except(dataset))}");
        var duplicates = emitted.Count - dataset.Count;
        output.WriteLine($"{backend}: {kills} kills, {emitted.Count} lines for {dataset.Count} events, {duplicates} duplicates");
        // A kill repeats the pages flushed but not yet checkpointed: the page whose checkpoint is being
        // stored, and the next one when it was fetched meanwhile and went out first.
        Assert.True(duplicates >= 0 && duplicates <= kills * 2 * PageSize, $"{seed.Note}: {duplicates} duplicates after {kills} kills");
    }
}
