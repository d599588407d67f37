namespace Helr.Kernel.Config;

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
