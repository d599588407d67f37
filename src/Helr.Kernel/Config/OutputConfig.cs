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

internal enum BackpressureStrategy { Block, DiskBuffer, Drop }

internal enum DropPolicy { OldestFirst, NewestFirst, Random }

/// <summary><c>global.backpressure.disk_buffer</c>.</summary>
internal sealed record DiskBufferConfig
{
    public required string Path { get; init; }
    public long MaxSizeMb { get; init; } = 1024;
    public long SegmentSizeMb { get; init; } = 64;
}

/// <summary><c>global.load_shedding</c>.</summary>
internal sealed record LoadSheddingConfig
{
    /// <summary>Sources whose priority is below this are not polled while output is under load.</summary>
    public int? SkipPriorityBelow { get; init; }
}

/// <summary><c>global.output</c>: whether file output is synced before checkpoints, and settings of the HTTP and NATS sinks (chosen by the <c>--output</c> URL scheme).</summary>
internal sealed record OutputConfig
{
    public HttpOutputConfig Http { get; init; } = new();

    /// <summary>
    /// <c>sync</c>: fdatasync the output file (or stdout when it is a file) once per write batch,
    /// before the checkpoints of that batch are committed. <c>false</c> trades that for speed: a power
    /// loss may then lose lines whose position was already stored.
    /// </summary>
    public bool Sync { get; init; } = true;

    /// <summary><c>nats.subject</c>: overrides the subject taken from the <c>nats://</c> URL.</summary>
    public string? NatsSubject { get; init; }
}

/// <summary><c>global.output.http</c>.</summary>
internal sealed record HttpOutputConfig
{
    public int BatchSize { get; init; } = 100;
    public long BatchTimeoutMs { get; init; } = 500;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public long TimeoutSecs { get; init; } = 30;
    public int MaxRetries { get; init; } = 3;
}

/// <summary>Per-source <c>on_invalid_utf8</c>; <see cref="Strict"/> when the key is absent.</summary>
internal enum InvalidUtf8Policy { Strict, Replace, Escape, Fail }

/// <summary>Per-source <c>max_line_bytes_behavior</c>.</summary>
internal enum LineLimitBehavior { Fail, Truncate, Skip }
