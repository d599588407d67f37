using System.Diagnostics;
using System.Text;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// SIGHUP reloads only while the run's loops are up. Before (the config still loading) and after (shutdown
/// under way) it must be ignored, not end the process by the signal's default action. The config file is
/// a FIFO in both tests, so helr is held at a known point (reading it) while the signal arrives.
/// </summary>
public sealed class SighupOutsideReloadTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task A_sighup_while_the_config_is_read_at_start_is_ignored()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs and signals as on Linux");
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("n").Add(2).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, feed, api, "info");
        var config = MakeFifo(dir.File("helr.yaml"));
        var file = dir.Write("file.yaml", text);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await using (var writer = await OpenForWriteAsync(config)) // returns once helr reads the FIFO
        {
            helr.Signal("HUP");
            await helr.WaitForStderrAsync("SIGHUP ignored: helr is still starting", Wait);
            File.Move(file, config, overwrite: true); // the reads after this one (RunOperations) get a file
            await writer.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        await helr.WaitForLinesAsync(2, TimeSpan.FromSeconds(60));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(Wait);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableFact]
    public async Task A_sighup_during_shutdown_is_ignored()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs and signals as on Linux");
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("n").Add(2).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, feed, api, "debug");
        var config = dir.Write("helr.yaml", text);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await helr.WaitForLinesAsync(2, TimeSpan.FromSeconds(60));
        // A reload that reads a FIFO holds shutdown where it waits for that reload, after SIGHUP's reload ended.
        File.Move(MakeFifo(dir.File("next.yaml")), config, overwrite: true);
        var open = OpenForWriteAsync(config);
        helr.Signal("HUP");
        await using (var writer = await open)
        {
            helr.Signal("TERM");
            await helr.WaitForStderrAsync("SIGHUP no longer reloads the config", Wait);
            helr.Signal("HUP");
            await helr.WaitForStderrAsync("SIGHUP ignored: helr is shutting down", Wait);
            File.Move(dir.Write("file.yaml", text), config, overwrite: true); // the reload reads the path twice
            await writer.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        var result = await helr.WaitAsync(Wait);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("graceful shutdown complete", result.Stderr);
    }

    private static string Config(TempDir dir, EventFeed feed, FakeVendorServer api, string level) => $"""
        {dir.SqliteStateGlobal}
          log_level: {level}
        sources:
        {feed.SourceYaml(api, intervalSecs: 3600)}
        """;

    private static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    // Opening a FIFO to write blocks until a reader opens it: here, helr reading its config.
    private static async Task<FileStream> OpenForWriteAsync(string fifo)
    {
        var open = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
        if (await Task.WhenAny(open, Task.Delay(Wait)) == open) return await open;
        // Unblock the open so the thread does not hang on: helr never read the FIFO.
        using (new FileStream(fifo, FileMode.Open, FileAccess.Read)) { }
        throw new Xunit.Sdk.XunitException($"helr did not read {fifo} within {Wait.TotalSeconds} s");
    }
}
