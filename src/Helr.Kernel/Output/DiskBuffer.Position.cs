using System.Globalization;
using Serilog;

namespace Helr.Kernel.Output;

// <path>.pos: how far the writer got, saved after what was read is written.
internal sealed partial class DiskBuffer
{
    private bool _positionUnsaved; // writer thread only: the last save of .pos failed

    /// <summary>Where a read position that cannot be saved is reported (the output's log).</summary>
    public ILogger Log { get; set; } = Serilog.Core.Logger.None;

    /// <summary>
    /// Persists the read position; called after what was read has been flushed to the sink. A save that
    /// fails (the full disk that made the buffer spill) is logged and the drain goes on: a position saved
    /// late only makes a crash write lines again, never skip one, and the segments the drain deletes free
    /// the room the next save needs. Failing the output there wrote the same lines at every restart and
    /// failed at the same save, never draining.
    /// </summary>
    public void Commit()
    {
        string text;
        lock (_gate)
        {
            _readAhead = false;
            Monitor.PulseAll(_gate); // an append waiting for room may now drop the read segment
            if (_segments.Count == 0) return;
            text = string.Create(CultureInfo.InvariantCulture, $"{_segments[0].Seq} {_readOffset}\n");
        }
        var temp = _path + ".pos.tmp";
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, _path + ".pos", overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp); // a part written before the disk filled would keep its blocks
            if (!_positionUnsaved)
                Log.Warning("disk buffer {Path}: cannot save the read position to {Position}: {Error}; writing on (until it is saved, a restart writes the lines since the last saved position again)",
                    _path, _path + ".pos", ex.Message);
            _positionUnsaved = true;
            return;
        }
        if (!_positionUnsaved) return;
        _positionUnsaved = false;
        Log.Information("disk buffer {Path}: the read position is saved again", _path);
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder in its place, or the folder gone: Open removes what is left at the next start.
        }
    }
}
