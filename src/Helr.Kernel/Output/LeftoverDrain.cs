namespace Helr.Kernel.Output;

/// <summary>
/// A disk buffer that is configured but not the strategy in force (the strategy changed, or
/// backpressure was turned off) may still hold lines an earlier run spilled and acknowledged: they
/// are written before anything new, and only then does the current strategy take over.
/// </summary>
internal sealed partial class OutputWriter
{
    private void AdoptLeftover(DiskBuffer disk)
    {
        var left = disk.UnreadBytes;
        if (left == 0)
        {
            disk.Dispose();
            return;
        }
        _leftover = disk;
        _log.Warning("disk buffer {Path} holds {Bytes} bytes from an earlier run; writing them before new events ({Strategy} takes over afterwards)",
            disk.Path, left, _limits.Describe());
    }

    // Runs on the writer thread before it takes anything from memory; admission meanwhile applies the current strategy.
    private void DrainLeftover(ref byte[] buffer)
    {
        if (_leftover is null) return;
        long skip = 0;
        long before;
        lock (_lock) before = _linesFromDisk;
        while (_leftover.UnreadBytes > 0)
        {
            // A stop (SIGTERM) leaves the rest for the next start, as with the disk_buffer strategy.
            lock (_lock)
            {
                if (_completing && !_drainDisk) return;
            }
            WriteFromDisk(_leftover, ref buffer, ref skip);
        }
        _leftover.DeleteIfDrained();
        lock (_lock) _log.Information("disk buffer {Path} drained: {Lines} lines from an earlier run written", _leftover.Path, _linesFromDisk - before);
    }
}
