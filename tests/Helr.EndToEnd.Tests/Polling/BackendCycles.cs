using System.Text;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// Runs poll cycles of one source on a state backend: one <c>helr run --once</c> per cycle on the
/// durable backends (so a restart separates every two cycles), one continuous <c>helr run</c> on
/// memory, whose state lives only as long as the process. The fake APIs of these tests change what
/// they serve by themselves (by the requests they saw), so nothing has to happen between cycles.
/// </summary>
internal static class BackendCycles
{
    public static TheoryData<string> All => new() { "memory", "sqlite", "redis", "postgres" };

    /// <summary>The YAML of a <c>global.state</c> block for <paramref name="state"/> (from <see cref="Stores"/>).</summary>
    public static string Global(string state) => $"global:\n  state:\n{state}";

    /// <summary>
    /// Stdout and stderr of at least <paramref name="cycles"/> cycles of <paramref name="sourceId"/>
    /// (on memory a further cycle may have started before the process stopped).
    /// </summary>
    public static async Task<HelrResult> RunAsync(string backend, string config, TempDir dir, string sourceId, int cycles)
    {
        if (backend != "memory")
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            for (var i = 0; i < cycles; i++)
            {
                var run = await HelrProcess.RunOnceAsync(config, dir);
                stdout.Append(run.Stdout);
                stderr.Append(run.Stderr);
            }
            return new HelrResult(0, stdout.ToString(), stderr.ToString());
        }
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        var done = $"poll ok: {sourceId}";
        await Eventually.WaitAsync(() => Count(helr.Stderr, done) >= cycles, TimeSpan.FromSeconds(90),
            () => $"{cycles} cycles of {sourceId}; stderr:\n{helr.Stderr}");
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    public static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
