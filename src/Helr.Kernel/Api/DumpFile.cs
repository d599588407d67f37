namespace Helr.Kernel.Api;

/// <summary>
/// <c>dump_on_sigusr1</c> to a file: each dump is written to a file of its own beside the path, then
/// renamed over it. A write given up on (a hung mount) that completed later overwrote the path, newer
/// dump or not; now it is put in place only if no newer dump is there yet, and a reader never sees a
/// half-written dump.
/// </summary>
internal sealed class DumpFile(string path, Func<string, string, Task>? write = null)
{
    private readonly Func<string, string, Task> _write = write ?? ((p, text) => File.WriteAllTextAsync(p, text));
    private readonly Lock _placing = new();
    private long _started;
    private long _placed;

    public string Path => path;

    /// <summary>Writes <paramref name="text"/> and puts it at the path, unless a dump started after it is there already.</summary>
    public async Task WriteAsync(string text)
    {
        var number = Interlocked.Increment(ref _started);
        var temp = $"{path}.{Environment.ProcessId}.{number}.tmp";
        try
        {
            await _write(temp, text);
        }
        catch (UnauthorizedAccessException)
        {
            // A folder helr may not write to, around a file it may: written in place, as before.
            await _write(path, text);
            return;
        }
        catch
        {
            // A write that failed part way (a full disk, an I/O error after a stall) left its half a dump
            // behind, one more file beside the path for each signal. The name is this dump's own, so
            // nothing else is removed; a delete that fails too leaves it, as before, and the write's error stands.
            TryDelete(temp);
            throw;
        }
        try
        {
            // Under the lock: the check and the rename are one step against a newer dump's.
            lock (_placing)
            {
                if (number < _placed) return;
                File.Move(temp, path, overwrite: true);
                _placed = number;
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind, as before this cleanup: the write's own error is the one reported.
        }
    }
}
