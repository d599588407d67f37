using Helr.Kernel.State;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>The memory fallback's write-back never moves a stored position backwards (a store that can be switched off in process).</summary>
public sealed class FallbackPositionTests
{
    private sealed class Warnings : ILogEventSink
    {
        public List<string> Lines { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level == LogEventLevel.Warning) Lines.Add(logEvent.RenderMessage());
        }
    }

    private static StateCommit At(string watermark) => StateCommit.Of(new Dictionary<string, string> { ["watermark"] = watermark });

    private static (SwitchableStore Primary, FallbackStateStore Fallback, Warnings Warnings) Start()
    {
        var primary = new SwitchableStore();
        var warnings = new Warnings();
        return (primary, new FallbackStateStore(primary, new LoggerConfiguration().WriteTo.Sink(warnings).CreateLogger()), warnings);
    }

    [Fact]
    public async Task Kept_checkpoints_of_a_start_with_the_store_down_do_not_overwrite_a_later_stored_position()
    {
        var (primary, fallback, warnings) = Start();
        await primary.Inner.CommitAsync("s", At("500"));
        primary.Down = true;
        Assert.Empty(await fallback.GetAllAsync("s")); // starts from its configured start
        await fallback.CommitAsync("s", At("10"));

        primary.Down = false;
        Assert.Equal("500", (await fallback.GetAllAsync("s"))["watermark"]);
        Assert.Equal("500", (await primary.Inner.GetAllAsync("s"))["watermark"]);
        Assert.Contains(warnings.Lines, l => l.Contains("\"s\"") && l.Contains("watermark=500") && l.Contains("watermark=10"));
        Assert.False(fallback.Active);
    }

    // A start with the store down has seen none of the stored keys, so all of them differ from what it
    // started from, a rotated refresh token among them: the warning said which, with their values.
    [Fact]
    public async Task The_store_wins_warning_does_not_show_a_stored_credential()
    {
        var (primary, fallback, warnings) = Start();
        await primary.Inner.CommitAsync("s", StateCommit.Of(new Dictionary<string, string>
        {
            ["watermark"] = "500",
            [CredentialState.KeyPrefix + "refresh_token"] = "rt-stored-4f8a2c",
        }));
        primary.Down = true;
        Assert.Empty(await fallback.GetAllAsync("s"));
        await fallback.CommitAsync("s", At("10"));

        primary.Down = false;
        Assert.Equal("500", (await fallback.GetAllAsync("s"))["watermark"]);
        var warning = Assert.Single(warnings.Lines, l => l.Contains("the store wins"));
        Assert.DoesNotContain("rt-stored-4f8a2c", warning);
        Assert.Contains("watermark=500", warning);
        Assert.Contains("helr:secret:refresh_token=[REDACTED]", warning);
    }

    [Fact]
    public async Task A_cycle_started_in_memory_writes_nothing_once_the_store_returns_until_it_reads_the_stored_position()
    {
        var (primary, fallback, _) = Start();
        await primary.Inner.CommitAsync("s", At("500"));
        primary.Down = true;
        Assert.Empty(await fallback.GetAllAsync("s"));
        primary.Down = false;
        // The same cycle goes on checkpointing from its start: none of it may reach the store.
        await fallback.CommitAsync("s", At("10"));
        await fallback.CommitAsync("s", At("20"));
        Assert.Equal("500", (await primary.Inner.GetAllAsync("s"))["watermark"]);
        // The next cycle reads the stored position and writes as usual.
        Assert.Equal("500", (await fallback.GetAllAsync("s"))["watermark"]);
        await fallback.CommitAsync("s", At("510"));
        Assert.Equal("510", (await primary.Inner.GetAllAsync("s"))["watermark"]);
    }

    [Fact]
    public async Task A_position_kept_during_an_outage_is_written_back_when_the_store_did_not_move()
    {
        var (primary, fallback, warnings) = Start();
        await primary.Inner.CommitAsync("s", At("100"));
        Assert.Equal("100", (await fallback.GetAllAsync("s"))["watermark"]);
        primary.Down = true;
        await fallback.CommitAsync("s", At("300"));
        primary.Down = false;
        Assert.Equal("300", (await fallback.GetAllAsync("s"))["watermark"]);
        Assert.Equal("300", (await primary.Inner.GetAllAsync("s"))["watermark"]);
        Assert.DoesNotContain(warnings.Lines, l => l.Contains("the store wins"));
    }
    [Fact]
    public async Task A_kept_checkpoint_that_writes_other_keys_still_yields_to_a_stored_watermark()
    {
        // A traversal cut short writes only its next link and its pending maximum, never the watermark:
        // the stored watermark it would fall behind must still make the store win.
        var (primary, fallback, warnings) = Start();
        await primary.Inner.CommitAsync("s", At("500"));
        primary.Down = true;
        Assert.Empty(await fallback.GetAllAsync("s"));
        await fallback.CommitAsync("s", StateCommit.Of(new Dictionary<string, string> { ["next_url"] = "https://api/x?after=10", ["watermark_pending"] = "10" }));

        primary.Down = false;
        var now = await fallback.GetAllAsync("s");
        Assert.Equal("500", now["watermark"]);
        Assert.False(now.ContainsKey("next_url"));
        Assert.False((await primary.Inner.GetAllAsync("s")).ContainsKey("next_url"));
        Assert.Contains(warnings.Lines, l => l.Contains("watermark=500") && l.Contains("watermark_pending=10"));
    }

    [Fact]
    public async Task A_checkpoint_stored_though_its_answer_was_lost_does_not_stop_the_cycle_checkpointing()
    {
        // The store took the page's checkpoint but the answer never came (a command timeout, a connection
        // dropped after COMMIT). That stored position is this process's own, not another start's: the
        // rest of the cycle must go on checkpointing, or the next cycle fetches it all again.
        var (primary, fallback, warnings) = Start();
        await primary.Inner.CommitAsync("s", At("100"));
        Assert.Equal("100", (await fallback.GetAllAsync("s"))["watermark"]);
        primary.LoseNextAnswer = true;
        await fallback.CommitAsync("s", At("200"));
        await fallback.CommitAsync("s", At("300"));
        Assert.Equal("300", (await primary.Inner.GetAllAsync("s"))["watermark"]);

        // Also when the store then stays down for a while: the checkpoint kept meanwhile is written once it is back.
        primary.LoseNextAnswer = true;
        await fallback.CommitAsync("s", At("400"));
        primary.Down = true;
        await fallback.CommitAsync("s", At("500"));
        primary.Down = false;
        await fallback.CommitAsync("s", At("600"));
        Assert.Equal("600", (await primary.Inner.GetAllAsync("s"))["watermark"]);
        Assert.DoesNotContain(warnings.Lines, l => l.Contains("the store wins"));
        Assert.False(fallback.Active);
    }
}
