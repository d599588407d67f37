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

    [Fact]
    public async Task Show_of_a_shared_refresh_token_entry_does_not_call_it_a_removed_source()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");
        const string shared = "helr:shared:oauth2:0a1b2c";
        await HelrOk($"state import -c {config}", stdin: "{\"" + shared + "\": {\"rotated_at\": \"1700000000\"}}");

        // Listed by export like a source, it was shown as a source taken out of the config, which it never was.
        Assert.Equal($"{shared} (the rotated refresh token of the sources configured with one refresh token: not a source)\n  rotated_at: 1700000000\n",
            (await HelrOk($"state show {shared} -c {config}")).Stdout);
    }
}
