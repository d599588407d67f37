namespace Helr.Kernel.Config;

/// <summary><c>global.backpressure.disk_buffer</c>.</summary>
internal sealed record DiskBufferConfig
{
    public required string Path { get; init; }
    public long MaxSizeMb { get; init; } = 1024;
    public long SegmentSizeMb { get; init; } = 64;
}
