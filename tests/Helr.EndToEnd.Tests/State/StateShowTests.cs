using Helr.EndToEnd.Tests.Support;
using Xunit;
using static Helr.EndToEnd.Tests.State.StateCommandCli;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// <c>helr state show</c>: an id that is not a source, and one that no longer is.
/// </summary>
public sealed class StateShowTests
{
    [Fact]
    public async Task Show_says_when_an_id_is_not_a_source_and_marks_a_removed_one()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");
        await HelrOk($"state set old-okta next_url https://x.example/logs?after=3 -c {config}");

        // State of a source no longer in the config is still shown, marked as removed.
        Assert.Equal($"old-okta (removed: not a source in {config}; its state is still stored)\n  next_url: https://x.example/logs?after=3\n",
            (await HelrOk($"state show old-okta -c {config}")).Stdout);

        // An id that is neither configured nor stored is most likely a typo: an error that names the sources.
        var typo = await HelrProcess.RunAsync($"state show s2 -c {config}");
        Assert.True(typo.ExitCode == 1, typo.ToString());
        Assert.Equal("", typo.Stdout);
        Assert.Equal($"error: 's2' is not a source in {config} and has no stored state (sources: s1); did you mean 's1'?\n", typo.Stderr);

        Assert.Equal("s1 (no state)\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
    }
}
