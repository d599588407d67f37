namespace Helr.Kernel.Config;

/// <summary><c>global.backpressure</c>: the bounded output queue and what happens when it is full.</summary>
internal sealed record BackpressureConfig
{
    public bool Enabled { get; init; }

    /// <summary><c>detection.event_queue_size</c>: most lines held in memory.</summary>
    public int EventQueueSize { get; init; } = 10_000;

    /// <summary><c>detection.stdout_buffer_size</c>: most bytes held in memory; 0 turns the check off.</summary>
    public long StdoutBufferSize { get; init; } = 65_536;

    /// <summary><c>detection.memory_threshold_mb</c>: process RSS above which the queue counts as full.</summary>
    public long? MemoryThresholdMb { get; init; }

    public BackpressureStrategy Strategy { get; init; } = BackpressureStrategy.Block;

    public DropPolicy DropPolicy { get; init; } = DropPolicy.OldestFirst;

    /// <summary><c>max_queue_age_secs</c>: a line waiting longer in memory is dropped (reason <c>max_queue_age</c>).</summary>
    public double? MaxQueueAgeSecs { get; init; }

    public DiskBufferConfig? DiskBuffer { get; init; }
}
