using System.Diagnostics;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// <c>--output</c> naming a named pipe (a shipper reading a FIFO) or a device (<c>/dev/stdout</c> in a
/// container): written as a stream, since it has no end to cut nor a size to rotate at.
/// </summary>
public sealed class PipeOutputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-pipe-" + Guid.NewGuid().ToString("N")[..8]);

    private string MakeFifo()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "events.fifo");
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    [SkippableFact]
    public async Task Lines_written_to_a_named_pipe_reach_its_reader()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "named pipes are made with mkfifo here");
        var fifo = MakeFifo();
        var output = OutputFactory.Open(fifo, null, new GlobalConfig(), readOnlyState: false, TimeProvider.System, Logger.None);
        // Opened for reading only once the output holds the pipe open, so this open does not wait for a writer.
        using var reader = new StreamReader(new FileStream(fifo, FileMode.Open, FileAccess.Read));
        await using (output)
        {
            await output.WriteAsync("s1", Encoding.UTF8.GetBytes("{\"n\":1}\n{\"n\":2}\n"));
            await output.WriteAsync("s1", Encoding.UTF8.GetBytes("{\"n\":3}\n"));
        }
        // The output closed its end, so the reader sees the end of the stream after the lines.
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", await reader.ReadToEndAsync());
    }

    [SkippableFact]
    public void A_named_pipe_cannot_be_rotated_and_says_so_at_start()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "named pipes are made with mkfifo here");
        var fifo = MakeFifo();
        var error = Assert.Throws<InvalidOperationException>(() =>
            OutputFactory.Open(fifo, "daily", new GlobalConfig(), readOnlyState: false, TimeProvider.System, Logger.None));
        Assert.StartsWith($"cannot open output file \"{fifo}\": ", error.Message);
        Assert.Contains("cannot be rotated", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
