using Helr.Kernel.State;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A cycle that started from memory while the store was down, and found the store past that position
/// once it answered, writes nothing until the next cycle reads the stored position ("the store wins").
/// Other reads of the source's state meanwhile (GET /api/v1/sources/{id}/state, the SIGUSR1 dump, the
/// refresh-token keeper before a token request) are not that next cycle: after one of them the stale
/// cycle's checkpoints used to go through and move the stored position back.
/// </summary>
public sealed class FallbackStaleReadTests
{
    private static StateCommit At(string watermark) => StateCommit.Of(new Dictionary<string, string> { ["watermark"] = watermark });

    public static readonly TheoryData<string> Readers = new() { "api", "dump", "credential" };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task A_read_that_is_not_a_cycle_start_does_not_let_a_stale_cycle_move_the_stored_position_back(string reader)
    {
        var primary = new SwitchableStore();
        var fallback = new FallbackStateStore(primary, Logger.None);
        await primary.Inner.CommitAsync("s", At("500"));
        primary.Down = true;
        Assert.Empty(await fallback.GetAllAsync("s")); // the cycle starts from its configured start
        primary.Down = false;
        await fallback.CommitAsync("s", At("10")); // the store is past it: this cycle writes nothing more

        _ = reader switch
        {
            "api" => (object)await ((IStateStore)fallback).PeekAsync("s"),
            "dump" => await StateExport.ExportAsync(fallback),
            _ => (object?)await new CredentialState(fallback, "s").GetAsync("oauth2_refresh_token", default) ?? "",
        };

        await fallback.CommitAsync("s", At("20"));
        Assert.Equal("500", (await primary.Inner.GetAllAsync("s"))["watermark"]);
        // The next cycle reads the stored position and writes as usual.
        Assert.Equal("500", (await fallback.GetAllAsync("s"))["watermark"]);
        await fallback.CommitAsync("s", At("510"));
        Assert.Equal("510", (await primary.Inner.GetAllAsync("s"))["watermark"]);
    }
}
