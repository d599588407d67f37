namespace Helr.Kernel.Output;

/// <summary>
/// Whether lines still fit in the hand-written queue: a line count, a byte budget
/// (<c>stdout_buffer_size</c>) and the process's RSS (<c>memory_threshold_mb</c>).
/// </summary>
internal sealed class QueueBudget(OutputLimits limits, TimeProvider time)
{
    private long _rssCheckedAt;
    private bool _rssOver;

    /// <summary>True when <paramref name="lines"/> more lines of <paramref name="bytes"/> bytes fit in <paramref name="queue"/>.</summary>
    public bool Fits(LineQueue queue, int lines, long bytes) =>
        queue.Count + lines <= limits.EventQueueSize
        && (limits.QueueBytes == 0 || queue.Bytes + bytes <= limits.QueueBytes)
        && !MemoryOver();

    /// <summary>True when one more line of <paramref name="length"/> bytes does not fit.</summary>
    public bool IsFull(LineQueue queue, long length)
    {
        if (queue.Count == 0) return false; // an empty queue takes any line, or nothing could ever move
        if (queue.Count >= limits.EventQueueSize) return true;
        if (limits.QueueBytes > 0 && queue.Bytes + length > limits.QueueBytes) return true;
        return MemoryOver();
    }

    // Process RSS, sampled at most every 250 ms: reading it costs a /proc read.
    private bool MemoryOver()
    {
        if (limits.MemoryThresholdBytes is not { } threshold) return false;
        var now = time.GetTimestamp();
        if (_rssCheckedAt == 0 || time.GetElapsedTime(_rssCheckedAt, now) >= TimeSpan.FromMilliseconds(250))
        {
            _rssCheckedAt = now;
            _rssOver = Environment.WorkingSet > threshold;
        }
        return _rssOver;
    }
}
