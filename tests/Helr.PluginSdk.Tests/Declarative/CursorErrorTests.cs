using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class CursorErrorTests
{
    private static readonly DeclarativeOptions Reset = CursorCycleTests.Options() with { ResetOnCursorError = true };

    private static (CursorCycle Cycle, RecordingLogger Log) Cycle(DeclarativeOptions options, params (string, string)[] state)
    {
        var log = new RecordingLogger();
        return (new CursorCycle(options, Pages.Context(new DictionaryState(state), log)), log);
    }

    [Theory]
    [InlineData(410, "")]
    [InlineData(400, """{"error": "Cursor Expired"}""")]
    [InlineData(400, """{"error": "invalid cursor"}""")]
    [InlineData(422, """{"error": "cursor invalid"}""")]
    [InlineData(400, """{"error": "invalid_cursor"}""")]
    public void Rejected_stored_cursor_is_reset_and_the_cycle_starts_again_from_the_first_request(int status, string body)
    {
        var (cycle, log) = Cycle(Reset, ("cursor", "stale"));
        var step = cycle.OnErrorStatus(Pages.Response(cycle.First!, body, status));
        Assert.NotNull(step);
        Assert.Equal("?since=2024-01-01&limit=2", step.Next!.Url.Query);
        Assert.Equal("", step.Checkpoint["cursor"]);
        Assert.Contains("HTTP " + status, Assert.Single(log.Warnings));
    }

    [Fact]
    public void Cursor_sent_mid_cycle_is_reset_too()
    {
        var (cycle, _) = Cycle(Reset);
        var next = cycle.Page(cycle.First!, """{"data": [1], "meta": {"next": "c2"}}""").Next!;
        Assert.NotNull(cycle.OnErrorStatus(Pages.Response(next, "cursor expired", 400)));
    }

    [Theory]
    [InlineData(400, "bad request")]
    [InlineData(401, "unauthorized")]
    [InlineData(401, "token expired")]
    [InlineData(403, "credentials expired")]
    [InlineData(429, "slow down, window expired")]
    [InlineData(500, "cursor expired")]
    [InlineData(503, "")]
    public void Other_errors_fail_the_cycle(int status, string body)
    {
        var (cycle, log) = Cycle(Reset, ("cursor", "stale"));
        Assert.Null(cycle.OnErrorStatus(Pages.Response(cycle.First!, body, status)));
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public void A_cycle_resets_once_then_a_rejected_cursor_fails_it()
    {
        var (cycle, _) = Cycle(Reset, ("cursor", "stale"));
        var restart = cycle.OnErrorStatus(Pages.Response(cycle.First!, "cursor expired", 410))!.Next!;
        // The restart sends no cursor; the cursor of its first page is rejected as well.
        var next = cycle.Page(restart, """{"data": [1], "meta": {"next": "c2"}}""").Next!;
        Assert.Null(cycle.OnErrorStatus(Pages.Response(next, "cursor expired", 410)));
    }

    [Fact]
    public void Without_a_cursor_sent_nothing_is_reset()
    {
        var (cycle, _) = Cycle(Reset);
        Assert.Null(cycle.OnErrorStatus(Pages.Response(cycle.First!, "cursor expired", 410)));
    }

    [Fact]
    public void On_cursor_error_fail_never_resets()
    {
        var (cycle, _) = Cycle(CursorCycleTests.Options(), ("cursor", "stale"));
        Assert.Null(cycle.OnErrorStatus(Pages.Response(cycle.First!, "cursor expired", 410)));
    }
}
