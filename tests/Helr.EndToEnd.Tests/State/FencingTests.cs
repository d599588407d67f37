using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Fencing: an instance is frozen (SIGSTOP) mid-cycle past its lease, a successor takes the source,
/// collects everything and releases it, then the frozen one continues (SIGCONT). Its stale checkpoint
/// must be refused, so the stored position never goes back and nothing is collected twice over.
/// </summary>
public sealed class FencingTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task An_instance_paused_past_its_lease_never_moves_the_stored_position_back(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("f").Add(100);
        HelrProcess? paused = null;
        var stopped = 0;
        // The first instance is frozen while it waits for page 4 (after=30), holding that page's checkpoint.
        feed.BeforeServe = after =>
        {
            if (after == 30 && paused is not null && Interlocked.Exchange(ref stopped, 1) == 0) paused.Signal("STOP");
        };
        feed.Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
                lease_ttl_secs: 2
            sources:
            {feed.SourceYaml(api, intervalSecs: 1)}
            """);
        await using var first = HelrProcess.Start($"run -c {config}", dir.Path);
        paused = first;
        await Eventually.WaitAsync(() => Volatile.Read(ref stopped) == 1, Timeout, () => first.Stderr);

        // The successor takes the source once the frozen lease lapses, collects the rest, and releases it.
        await using (var successor = HelrProcess.Start($"run -c {config}", dir.Path))
        {
            await Eventually.WaitAsync(() => Eventually.EventIds(successor.Stdout).Contains("f-000100"), Timeout, () => successor.Stderr);
            await api.WaitForRequestsAsync(api.Requests.Count + 1, Timeout); // polled once more: its checkpoint is stored
            successor.Signal("TERM");
            Assert.Equal(0, (await successor.WaitAsync(Timeout)).ExitCode);
            Assert.Contains("f-000100", Eventually.EventIds(successor.Stdout));
        }
        Assert.Contains("  watermark: 100\n", (await HelrProcess.RunAsync($"state show f -c {config}", dir.Path)).Stdout);

        var resumedAt = api.Requests.Count;
        first.Signal("CONT");
        // The resumed instance takes the lease again and polls from the successor's position.
        await Eventually.WaitAsync(() => api.Requests.Skip(resumedAt).Any(r => r.Param("after") == "100"), Timeout, () => first.Stderr);
        first.Signal("TERM");
        var result = await first.WaitAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());

        // The cycle it was in may fetch a page or two more before the refused checkpoint stops it, but no
        // cycle starts again from a stale position: had its checkpoint (after=40) been stored, the next
        // cycle would go back there. Without fencing it would even finish its cycle, emitting up to 100 again.
        var later = api.Requests.Skip(resumedAt).Select(r => long.Parse(r.Param("after") ?? "0")).ToList();
        var untilCaughtUp = later.Take(later.IndexOf(100) + 1).ToList();
        Assert.True(untilCaughtUp.Zip(untilCaughtUp.Skip(1)).All(p => p.First < p.Second), string.Join(", ", later));
        Assert.DoesNotContain("f-000100", Eventually.EventIds(result.Stdout));
        Assert.Contains("lease lost: f", result.Stderr);
        Assert.Contains("  watermark: 100\n", (await HelrProcess.RunAsync($"state show f -c {config}", dir.Path)).Stdout);
    }
}
