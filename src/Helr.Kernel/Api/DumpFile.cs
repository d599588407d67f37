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
}
