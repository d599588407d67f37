using Helr.Kernel.Observability;

namespace Helr.Kernel.Output;

/// <summary>
/// An output that writes to the same pipe, socket, terminal or file as stderr (<c>helr run 2&gt;&amp;1 | shipper</c>,
/// <c>--output /dev/stderr</c>, a container runtime or systemd unit that merges the two): each write holds
/// the lock the log lines are written under, so a log line lands between two writes of whole lines, never
/// inside one. A write to a full pipe is not atomic past 4 KiB: without the lock a log line written from
/// another thread while the pipe drained split an event line in two broken lines. An output of its own
/// does without it, so a stalled stdout does not hold up the logs.
/// </summary>
internal sealed class StderrSharingSink(ILineSink inner) : ILineSink
{
    public string Description => inner.Description;

    public void Write(ReadOnlySpan<byte> lines)
    {
        lock (Logging.StderrLock) inner.Write(lines);
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        lock (Logging.StderrLock) inner.Write(chunks);
    }

    public void Flush() => inner.Flush();

    public void Sync() => inner.Sync();

    public void Dispose() => inner.Dispose();
}
