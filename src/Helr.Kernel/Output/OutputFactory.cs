using System.Diagnostics.CodeAnalysis;
using Helr.Kernel.Config;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>Opens the output chosen by <c>--output</c>/<c>--output-rotate</c> and <c>global.backpressure</c>.</summary>
internal static class OutputFactory
{
    /// <summary>
    /// Opens the sink (creating the output folder) and the disk buffer; a clear error when either cannot
    /// be used. The disk buffer is opened whenever it is configured, even when another strategy is in
    /// force now, so lines an earlier run spilled there are written first instead of being abandoned;
    /// <paramref name="readOnlyState"/> (<c>helr test</c>, a replay) never opens it: they write no state,
    /// and the buffer is state (the live instance's lines, which its checkpoints are already past).
    /// </summary>
    public static OutputWriter Open(string? path, string? rotate, GlobalConfig global, bool readOnlyState, TimeProvider time, ILogger log, Observability.Telemetry.Telemetry? telemetry = null)
    {
        var rotation = ParseRotation(path, rotate);
        var backpressure = readOnlyState ? global.Backpressure with { DiskBuffer = null } : global.Backpressure;
        var limits = OutputLimits.From(backpressure) with { Sync = global.Output.Sync };
        DiskBuffer? disk = null;
        if (backpressure.DiskBuffer is not null) disk = DiskBuffer.Open(backpressure.DiskBuffer);
        try
        {
            return new OutputWriter(OpenSink(path, rotation, time, log), limits, disk, time, log, telemetry);
        }
        catch
        {
            disk?.Dispose();
            throw;
        }
    }

    // Elsewhere than Linux: Console.OpenStandardOutput() swallows EPIPE on Unix (it pretends the write succeeded), which
    // would let checkpoints run past lines nobody received; a FileStream on fd 1 reports it.
    private static Stream OpenStdout() =>
        OperatingSystem.IsWindows()
            ? Console.OpenStandardOutput()
            : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    private static RotationPolicy? ParseRotation(string? path, string? rotate)
    {
        if (rotate is null) return null;
        if (IsStdout(path)) throw new InvalidOperationException("--output-rotate needs --output PATH (stdout cannot be rotated)");
        try
        {
            return RotationPolicy.Parse(rotate);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(ex.Message);
        }
    }

    // A name of the process's own stdout or stderr is written through that descriptor, as stdout is without
    // --output: opened again it is a second description of the redirected file (`> events.ndjson`), written
    // at its own offset without O_APPEND, so its lines and the logs (2>&1) overwrote each other, and a
    // truncating log rotation left a hole of zeros before the next event.
    private static bool IsStdout([NotNullWhen(false)] string? path) => string.IsNullOrEmpty(path) || path == "-" || StandardDescriptor(path) == 1;

    /// <summary>
    /// Whether the events of <paramref name="path"/> (null: stdout) go to a terminal: stdout, or stderr by its
    /// name, not redirected, or a terminal named as a file (<c>--output /dev/tty</c>), which the progress
    /// display would otherwise redraw over.
    /// </summary>
    public static bool WritesToTerminal(string? path) =>
        IsStdout(path) ? !Console.IsOutputRedirected
        : StandardDescriptor(path) == Stderr ? !Console.IsErrorRedirected
        : LinuxFile.Supported && LinuxFile.IsTerminal(path);

    private static int? StandardDescriptor(string path) => !LinuxFile.Supported ? null : Path.GetFullPath(path) switch
    {
        "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1" => 1,
        "/dev/stderr" or "/dev/fd/2" or "/proc/self/fd/2" => 2,
        _ => null,
    };

    private const int Stderr = 2;

    private static ILineSink OpenSink(string? path, RotationPolicy? rotation, TimeProvider time, ILogger log)
    {
        var sink = OpenOwnSink(path, rotation, time, log);
        if (!LinuxFile.Supported) return sink;
        var sharesStderr = sink is StdoutSink stdout ? LinuxFile.SameFile(stdout.Descriptor, Stderr) : LinuxFile.SameFile(Path.GetFullPath(path!), Stderr);
        return sharesStderr ? new StderrSharingSink(sink) : sink;
    }

    private static ILineSink OpenOwnSink(string? path, RotationPolicy? rotation, TimeProvider time, ILogger log)
    {
        if (IsStdout(path)) return LinuxFile.Supported ? new StdoutSink(log) : new StreamSink(OpenStdout(), "stdout");
        if (StandardDescriptor(path) is { } fd)
        {
            if (rotation is not null) throw new InvalidOperationException("--output-rotate needs --output PATH (stderr cannot be rotated)");
            return new StdoutSink(log, fd);
        }
        foreach (var scheme in new[] { "http://", "https://", "nats://" })
        {
            if (path.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"--output {scheme}… (the {scheme[..^3].ToUpperInvariant()} sink) is not supported yet; write to stdout or a file");
        }
        try
        {
            return new FileSink(path, rotation, time, log);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // .NET calls a folder "Access to the path is denied", which sends the user to its permissions.
            var problem = Directory.Exists(path) ? "it is a folder, not a file" : ex.Message;
            throw new InvalidOperationException($"cannot open output file \"{path}\": {problem}");
        }
    }
}
