using Helr.Kernel.Config;

namespace Helr.Kernel.Output;

/// <summary>The queue limits in force: the user's <c>global.backpressure</c>, or the defaults without it.</summary>
internal sealed record OutputLimits
{
    /// <summary>Bytes the writer takes from the queue per write (lines being written are no longer droppable).</summary>
    public const int BatchBytes = 1 << 20;

    /// <summary>
    /// Bytes written, while more lines wait, before one sync covers them all: a sync per
    /// <see cref="BatchBytes"/> cost as much as the writes on a virtual disk (bench/README.md).
    /// </summary>
    public const int SyncBytes = 8 << 20;

    public bool BackpressureEnabled { get; init; }
    public int EventQueueSize { get; init; } = 100_000;
    public long QueueBytes { get; init; } = 8L * 1024 * 1024;
    public long? MemoryThresholdBytes { get; init; }
    public BackpressureStrategy Strategy { get; init; } = BackpressureStrategy.Block;
    public DropPolicy DropPolicy { get; init; } = DropPolicy.OldestFirst;
    public TimeSpan? MaxQueueAge { get; init; }

    /// <summary><c>global.output.sync</c>: lines are fdatasynced before their pages count as written.</summary>
    public bool Sync { get; init; } = true;

    /// <summary>
    /// Without <c>backpressure.enabled</c> the queue still exists (one writer, bounded memory) and
    /// simply blocks when full, with room for a few pages. 8 MiB, not 16: when the writer waits for
    /// the disk or a core the queue fills, and its budget is then most of what a run of 1.4 MB pages
    /// holds above the runtime (peak RSS 106 → 97 MiB in that state, the same wall time, A/B).
    /// </summary>
    public static OutputLimits From(BackpressureConfig config) => !config.Enabled ? new OutputLimits() : new OutputLimits
    {
        BackpressureEnabled = true,
        EventQueueSize = config.EventQueueSize,
        QueueBytes = config.StdoutBufferSize,
        // Past 2^43 MB the byte count would overflow to a negative threshold, "always over": no RSS reaches it.
        MemoryThresholdBytes = config.MemoryThresholdMb is { } mb && mb <= long.MaxValue >> 20 ? mb << 20 : null,
        Strategy = config.Strategy == BackpressureStrategy.DiskBuffer && config.DiskBuffer is null ? BackpressureStrategy.Block : config.Strategy,
        DropPolicy = config.DropPolicy,
        // The config sets no upper bound; an age past what a TimeSpan holds (29,000 years) is no limit, not a crash.
        MaxQueueAge = config.MaxQueueAgeSecs is { } s && s < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(s) : null,
    };

    public string Describe() => !BackpressureEnabled ? "no backpressure"
        : $"backpressure {Strategy switch { BackpressureStrategy.DiskBuffer => "disk_buffer", BackpressureStrategy.Drop => "drop " + DropName, _ => "block" }} (queue {EventQueueSize} lines{(QueueBytes > 0 ? $", {QueueBytes} bytes" : "")})";

    private string DropName => DropPolicy switch { DropPolicy.NewestFirst => "newest_first", DropPolicy.Random => "random", _ => "oldest_first" };
}
