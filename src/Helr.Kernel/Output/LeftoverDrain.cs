using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// A disk buffer that is configured but not the strategy in force (the strategy changed, or
/// backpressure was turned off) may still hold lines an earlier run spilled and acknowledged: they
/// are written before anything new, and only then does the current strategy take over.
/// </summary>
internal sealed class LeftoverDrain
{
    private readonly OutputState _state;
    private readonly ILogger _log;

    private LeftoverDrain(DiskBuffer disk, OutputState state, ILogger log)
    {
        Disk = disk;
        _state = state;
        _log = log;
    }

    public DiskBuffer Disk { get; }

    /// <summary>The drain of <paramref name="disk"/>, or null (and the buffer closed) when it holds nothing.</summary>
    public static LeftoverDrain? Adopt(DiskBuffer disk, OutputLimits limits, OutputState state, ILogger log)
    {
        var left = disk.UnreadBytes;
        if (left == 0)
        {
            disk.Dispose();
            return null;
        }
        log.Warning("disk buffer {Path} holds {Bytes} bytes from an earlier run; writing them before new events ({Strategy} takes over afterwards)",
            disk.Path, left, limits.Describe());
        return new LeftoverDrain(disk, state, log);
    }

    /// <summary>Runs on the writer thread before it takes anything from memory; admission meanwhile applies the current strategy.</summary>
    public void Drain(WriterLoop writer)
    {
        long skip = 0;
        long lines = 0;
        while (Disk.UnreadBytes > 0)
        {
            // A stop (SIGTERM) leaves the rest for the next start, as with the disk_buffer strategy.
            lock (_state.Lock)
            {
                if (_state.Completing && !_state.DrainDisk) return;
            }
            lines += writer.WriteFromDisk(Disk, ref skip);
        }
        Disk.DeleteIfDrained();
        _log.Information("disk buffer {Path} drained: {Lines} lines from an earlier run written", Disk.Path, lines);
    }
}
