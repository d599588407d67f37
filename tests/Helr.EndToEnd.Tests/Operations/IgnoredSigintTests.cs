using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// Started as a background job of a non-interactive shell (<c>helr run &amp;</c> in a script), helr inherits
/// SIGINT as ignored and .NET installs no handler for it: <c>kill -INT</c> did nothing and nothing was
/// logged. The start-up log says so and names SIGTERM, which still stops it.
/// </summary>
public sealed class IgnoredSigintTests
{
    private const string Warning = "SIGINT is ignored by this process";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_that_cannot_be_stopped_by_sigint_says_so_at_start(bool sigintIgnored)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("n").Add(2).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        // What a script's `helr run &` does, with helr itself the process (exec) so the test can signal it.
        await using var helr = sigintIgnored
            ? HelrProcess.Start("sh", $"-c \"trap '' INT; exec {RepoPaths.Helr} run -c {config}\"", dir.Path, null, redirectStdin: false)
            : HelrProcess.StartWithDefaultSignal("INT", $"run -c {config}", dir.Path);
        // The warning comes before the first cycle starts: once that cycle's "poll ok" line is in (stderr, the
        // warning's own pipe: its events on stdout can come through before it), it was logged or never will be.
        await helr.WaitForStderrAsync("poll ok: n", TimeSpan.FromSeconds(60));
        Assert.Equal(sigintIgnored, helr.Stderr.Contains(Warning, StringComparison.Ordinal));
        if (sigintIgnored) Assert.Contains("SIGTERM still stops it", helr.Stderr);
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
