using Helr.EndToEnd.Tests.Support;
using Xunit;
using static Helr.EndToEnd.Tests.State.StateCommandCli;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// <c>helr state reset</c> and <c>set</c> of an id that is neither a source of the config nor stored: a typo,
/// which reset answered with "reset state for source" and exit 0 while the source meant kept its position.
/// </summary>
public sealed class StateTypoTests
{
    [Fact]
    public async Task Reset_of_an_id_that_is_no_source_and_has_no_state_is_an_error_and_set_warns()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");
        await HelrOk($"state set s1 next_url https://example.com/logs?after=3 -c {config}");

        var typo = await HelrProcess.RunAsync($"state reset s2 -c {config}");
        Assert.True(typo.ExitCode == 1, typo.ToString());
        Assert.Equal("", typo.Stdout);
        Assert.Equal($"error: 's2' is not a source in {config} and has no stored state (sources: s1); did you mean 's1'?\n", typo.Stderr);

        // Set stores it all the same (state for a source about to be added), but says so.
        var set = await HelrOk($"state set s2 cursor c1 -c {config}");
        Assert.Equal("set s2 cursor = \"c1\"\n", set.Stdout);
        Assert.Equal($"warning: 's2' is not a source in {config} and has no stored state (sources: s1); did you mean 's1'? (stored all the same)\n", set.Stderr);

        // Stored now: a removed source's state is reset as before, and so is a configured source's.
        Assert.Equal("reset state for source \"s2\"\n", (await HelrOk($"state reset s2 -c {config}")).Stdout);
        Assert.Equal("reset state for source \"s1\"\n", (await HelrOk($"state reset s1 -c {config}")).Stdout);
        Assert.Equal("s1 (no state)\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
    }
}
