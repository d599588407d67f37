using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// Started under nohup, helr inherits SIGHUP as ignored and .NET installs no handler for it, so a SIGHUP
/// reload would silently do nothing: the start-up log says so and names the REST reload instead.
/// </summary>
public sealed class ReloadUnderNohupTests
{
    private const string Warning = "SIGHUP is ignored by this process";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_that_cannot_reload_on_sighup_says_so_at_start(bool underNohup)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("n").Add(2).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        await using var helr = underNohup
            ? HelrProcess.Start("nohup", $"{RepoPaths.Helr} run -c {config}", dir.Path, null, redirectStdin: false)
            : HelrProcess.StartWithDefaultSignal("HUP", $"run -c {config}", dir.Path);
        // The warning comes before the first cycle starts: once that cycle's "poll ok" line is in (stderr, the
        // warning's own pipe: its events on stdout can come through before it), it was logged or never will be.
        await helr.WaitForStderrAsync("poll ok: n", TimeSpan.FromSeconds(60));
        Assert.Equal(underNohup, helr.Stderr.Contains(Warning, StringComparison.Ordinal));
        if (underNohup) Assert.Contains("use POST /api/v1/reload", helr.Stderr);
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
