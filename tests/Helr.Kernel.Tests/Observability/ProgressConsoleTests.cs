using Helr.Kernel.Observability.Progress;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Observability;

/// <summary>The progress block on a (fake) terminal: redrawn in place below log lines, left as the summary.</summary>
public sealed class ProgressConsoleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Telemetry _telemetry = Telemetry.Create(Logger.None);
    private readonly StringWriter _terminal = new();

    private ProgressConsole Start(params string[] sources)
    {
        var console = new ProgressConsole(_terminal, new ProgressBoard(sources, _time), _time);
        _telemetry.Subscribe(console.Board);
        return console;
    }

    [Fact]
    public void Lines_count_pages_events_rate_and_waits_per_source()
    {
        using var console = Start("okta", "github-audit");
        _telemetry.Emit(new PageFetched("okta", 200, 10, TimeSpan.Zero));
        _time.Advance(TimeSpan.FromSeconds(2));
        _telemetry.Emit(new EventsWritten("okta", 300, null));
        _telemetry.Emit(new PageFetched("okta", 200, 10, TimeSpan.Zero));
        _telemetry.Emit(new EventsWritten("okta", 100, null));
        _telemetry.Emit(new RateLimitWaited("okta", TimeSpan.FromSeconds(1)));
        _telemetry.Emit(new PageFetched("other", 200, 10, TimeSpan.Zero)); // not selected: ignored

        var lines = console.Board.Lines();
        // Names padded to the longest, then right-aligned columns.
        Assert.Equal("okta" + new string(' ', 8) + "      2 pages        400 events       200/s, 1 rate-limit wait  polling", lines[0]);
        Assert.Equal("github-audit      0 pages          0 events         0/s  waiting", lines[1]);
    }

    [Fact]
    public void A_log_line_scrolls_above_the_block_which_is_redrawn_and_stays_as_the_summary()
    {
        var console = Start("s1");
        console.Write("first log line\n");
        Assert.Equal("first log line\n" + Line(0, 0, "waiting"), _terminal.ToString());

        _time.Advance(TimeSpan.FromSeconds(1));
        _telemetry.Emit(new PageFetched("s1", 200, 10, TimeSpan.Zero));
        // Back up over the one-line block, clear it, draw it anew.
        Assert.EndsWith("\u001b[1F\u001b[J" + Line(1, 0, "polling"), _terminal.ToString());

        console.Write("partial ");
        var before = _terminal.ToString();
        console.Write("line\n");
        Assert.Equal(before + "\u001b[1F\u001b[Jpartial line\n" + Line(1, 0, "polling"), _terminal.ToString());

        _telemetry.Emit(new PollFinished("s1", TimeSpan.FromSeconds(1), 1, 0, Failed: false));
        console.Dispose();
        Assert.EndsWith(Line(1, 0, "done"), _terminal.ToString());
        // After the end, log lines go through untouched and the summary stays above them.
        var summary = _terminal.ToString();
        console.Write("shutdown line\n");
        Assert.Equal(summary + "shutdown line\n", _terminal.ToString());
    }

    [Fact]
    public void Redraws_for_facts_are_throttled()
    {
        using var console = Start("s1");
        console.Write("x\n");
        var drawn = _terminal.ToString();
        for (var i = 0; i < 50; i++) _telemetry.Emit(new PageFetched("s1", 200, 10, TimeSpan.Zero));
        Assert.Equal(drawn, _terminal.ToString());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _telemetry.Emit(new PageFetched("s1", 200, 10, TimeSpan.Zero));
        Assert.EndsWith("   51 pages          0 events         0/s  polling\n", _terminal.ToString());
    }

    // A wall clock NTP stepped back an hour while 2 s passed: the rate was 0/s, and no fact was redrawn
    // until the wall clock caught up with the last draw (an hour of a frozen block).
    [Fact]
    public void Rate_and_redraws_follow_the_monotonic_clock_across_a_wall_clock_step()
    {
        var clock = new SteppedClock();
        using var console = new ProgressConsole(_terminal, new ProgressBoard(["s1"], clock), clock);
        _telemetry.Subscribe(console.Board);
        console.Write("x\n");
        _telemetry.Emit(new PageFetched("s1", 200, 10, TimeSpan.Zero));

        clock.Wall -= TimeSpan.FromHours(1);
        clock.Ticks += 2 * TimeSpan.TicksPerSecond;
        _telemetry.Emit(new EventsWritten("s1", 400, null));

        Assert.EndsWith("s1      1 pages        400 events       200/s  polling\n", _terminal.ToString());
    }

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Wall { get; set; } = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        public long Ticks { get; set; } = 1_000_000;
        public override DateTimeOffset GetUtcNow() => Wall;
        public override long GetTimestamp() => Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private static string Line(int pages, int events, string state) => $"s1  {pages,5} pages  {events,9:N0} events  {0,8:N0}/s  {state}\n";
}
