using System.Globalization;

namespace Helr.Kernel.Polling;

/// <summary>
/// When a page is streamed instead of read whole, and how much of a streamed page's lines stay in
/// memory (docs/performance.md). The environment variables are for tests only (they shrink the sizes
/// so that small bodies take the streamed path); they are not configuration.
/// </summary>
internal static class StreamingLimits
{
    /// <summary>A body that grows past this (or announces more in Content-Length) is streamed when its source allows it.</summary>
    public static int ThresholdBytes { get; set; } = Read("HELR_STREAM_THRESHOLD_BYTES", 4 * 1024 * 1024);

    /// <summary>
    /// Events of a streamed body go out in windows of at least this many bytes: 32 KiB windows (one per
    /// scan step) cost about 7 % more CPU on 14 MB pages than 256 KiB ones (docs/performance.md).
    /// </summary>
    public static int WindowBytes { get; set; } = Read("HELR_STREAM_WINDOW_BYTES", 256 * 1024);

    /// <summary>A streamed page's lines held in memory before they go to a temporary file.</summary>
    public static int SpoolMemoryBytes { get; set; } = Read("HELR_STREAM_SPOOL_BYTES", 2 * 1024 * 1024);

    /// <summary>The size of the parts a spilled page is handed to the output in.</summary>
    public static int PartBytes { get; set; } = Read("HELR_STREAM_PART_BYTES", 1024 * 1024);

    /// <summary>
    /// How much of a spilled page may wait in the output at once: a part is submitted once the parts
    /// before it, less this many bytes, are written. Without it a page would fill the whole output
    /// queue while the next page streams.
    /// </summary>
    public static int OutputBytes { get; set; } = Read("HELR_STREAM_OUTPUT_BYTES", 4 * 1024 * 1024);

    /// <summary>Where spool files go (created and unlinked at once); the system temporary directory unless a test says otherwise.</summary>
    public static string? SpoolDirectory { get; set; } = Environment.GetEnvironmentVariable("HELR_STREAM_SPOOL_DIR");

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
