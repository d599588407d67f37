using System.Text.Json.Nodes;
using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// The API server binds before the scheduler starts the sources (RunOperations, then RunForeverAsync), and
/// it answers for months across clock steps: what it says in the start-up window, and how long it says it ran.
/// </summary>
public sealed class ApiStartTests : IAsyncDisposable
{
    private readonly ConfigFile _file = new();
    private OutputWriter? _output;

    // A wall clock NTP stepped back an hour, while the process's monotonic clock ran 5 s.
    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Wall { get; set; } = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        public long Ticks { get; set; } = 1_000_000;
        public override DateTimeOffset GetUtcNow() => Wall;
        public override long GetTimestamp() => Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private async Task<(ApiServer Server, SourceScheduler Scheduler)> StartAsync(TimeProvider time, SourceStatusBoard? board = null)
    {
        var loaded = _file.Load("""
            sources:
              a:
                url: http://127.0.0.1:9/logs
            """);
        var scheduler = new SourceScheduler([], time, Logger.None);
        var output = _output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var server = await ApiServer.StartAsync(new ApiConfig { Enabled = true, Port = 0 }, new ApiContext
        {
            Board = board ?? new SourceStatusBoard(time), Scheduler = scheduler, Store = new MemoryStateStore(), Output = output,
            Config = () => ConfigSnapshot.Of(loaded.Config), Sources = () => loaded.Sources, StateStoreFallbackActive = () => false,
            Time = time, StartedAt = time.GetTimestamp(),
        }, Logger.None);
        return (server, scheduler);
    }

    // Before, the board did not know the source yet: 404 "source not found" for a configured source, which a
    // deploy script triggering a first poll took for a config mistake.
    [Fact]
    public async Task A_poll_asked_for_before_the_scheduler_started_the_sources_is_told_helr_is_starting()
    {
        var (server, _) = await StartAsync(TimeProvider.System);
        await using var _server = server;
        using var http = new HttpClient();

        using var answer = await http.PostAsync($"{server.Url}/api/v1/sources/a/poll", null);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(503, (int)answer.StatusCode);
        Assert.Equal("a", (string?)body["source_id"]);
        Assert.False((bool)body["ok"]!);
        Assert.Equal("helr is starting; poll not run", (string?)body["error"]);

        // A source that is not configured is still not found.
        using var unknown = await http.PostAsync($"{server.Url}/api/v1/sources/b/poll", null);
        Assert.Equal(404, (int)unknown.StatusCode);
    }

    // A reload that restarts a changed source stops its loop (waiting out its page in flight, up to a minute) and
    // starts the new one only once every stopped source has stopped; the source stays on the board meanwhile.
    // Before, a poll asked for in that window answered 404 "source not found" for a listed, configured source.
    [Fact]
    public async Task A_poll_of_a_listed_source_whose_loop_a_reload_is_restarting_is_told_to_ask_again()
    {
        var board = new SourceStatusBoard(TimeProvider.System);
        var (server, scheduler) = await StartAsync(TimeProvider.System, board);
        await using var _server = server;
        using var stop = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(stop.Token);
        // The old loop is gone (StopAsync), its entry on the board kept until the new loop replaces it.
        board.Register("a");
        using var http = new HttpClient();

        using var answer = await http.PostAsync($"{server.Url}/api/v1/sources/a/poll", null);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(503, (int)answer.StatusCode);
        Assert.False((bool)body["ok"]!);
        Assert.Equal("a reload is restarting the source; poll not run", (string?)body["error"]);

        // Listed but no longer configured (a removed source's late cycle put it back on the board): not found.
        board.Register("b");
        using var removed = await http.PostAsync($"{server.Url}/api/v1/sources/b/poll", null);
        Assert.Equal(404, (int)removed.StatusCode);

        stop.Cancel();
        await run;
    }

    // Before, uptime was the wall clock's difference: a step back made it negative, a step forward a jump.
    [Fact]
    public async Task Uptime_follows_the_monotonic_clock_across_a_wall_clock_step()
    {
        var clock = new SteppedClock();
        var (server, _) = await StartAsync(clock);
        await using var _server = server;
        using var http = new HttpClient();

        clock.Wall -= TimeSpan.FromHours(1);
        clock.Ticks += 5 * TimeSpan.TicksPerSecond;

        var health = JsonNode.Parse(await http.GetStringAsync($"{server.Url}/startupz"))!;
        Assert.Equal(5.0, health["uptime_secs"]!.GetValue<double>());
    }

    public async ValueTask DisposeAsync()
    {
        if (_output is not null) await _output.DisposeAsync();
        _file.Dispose();
    }
}
