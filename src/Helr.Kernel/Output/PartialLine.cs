using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// A last line without its newline was cut short (by a crash or power loss): appending to it would
/// glue the next event to it, making both unreadable. An <c>--output</c> file is cut back to its last
/// whole line before anything is appended.
/// </summary>
internal static class PartialLine
{
    public static void CutOff(FileStream stream, string path, ILogger? log)
    {
        var length = stream.Length;
        if (length == 0) return;
        var chunk = new byte[64 * 1024];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - chunk.Length);
            stream.Position = start;
            stream.ReadExactly(chunk, 0, (int)(end - start));
            var newline = chunk.AsSpan(0, (int)(end - start)).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                end = start + newline + 1;
                break;
            }
            end = start;
        }
        if (end == length) return;
        stream.SetLength(end);
        if (LinuxFile.Supported) LinuxFile.DataSync((int)stream.SafeFileHandle.DangerousGetHandle());
        else stream.Flush(flushToDisk: true);
        log?.Warning("output file {Path} ended in a partial line of {Bytes} bytes (an earlier run stopped mid-write); cut it off before appending", path, length - end);
    }
}
