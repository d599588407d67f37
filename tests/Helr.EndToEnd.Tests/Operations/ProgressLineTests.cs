using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>The progress line is for terminals only: with stderr redirected nothing of it appears.</summary>
public sealed class ProgressLineTests
{
    [Theory]
    [InlineData("run --once")]
    [InlineData("test --source s1")]
    public async Task With_stderr_redirected_no_progress_is_drawn(string command)
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "");
        var result = await HelrProcess.RunAsync($"{command} -c {config}", dir.Path, env: OperationsRun.Env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Lines.Count);
        Assert.DoesNotContain("\u001b[", result.Stderr);
        Assert.DoesNotContain(" pages ", result.Stderr);
        Assert.Contains("poll ok: s1 2 pages, 3 events", result.Stderr);
    }
}
