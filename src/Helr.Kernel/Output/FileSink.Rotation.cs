using System.Globalization;

namespace Helr.Kernel.Output;

/// <summary>When and how the file is rotated (see <see cref="FileSink"/>).</summary>
internal sealed partial class FileSink
{
    private void RotateIfNewDay()
    {
        if (_rotation is not { Daily: true }) return;
        var today = Today();
        if (_size > 0 && today != _day) ShrankUnderUs();
        if (_size > 0 && today != _day) Rotate(_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (_size == 0) _day = today;
    }

    // Length of the longest run of whole lines at the start of <lines> that fits in <room> bytes.
    private static int FittingPrefix(ReadOnlySpan<byte> lines, long room)
    {
        if (room <= 0) return 0;
        if (lines.Length <= room) return lines.Length;
        var cut = lines[..(int)room].LastIndexOf((byte)'\n');
        return cut + 1;
    }

    // A truncation under Helr (copytruncate, `: > file`) leaves _size at what the file held, which would
    // rotate a nearly empty file (or an empty one, on a new day). The file's length is read only when
    // _size says to rotate, so writes pay no fstat.
    private bool ShrankUnderUs()
    {
        if (_pipe) return false;
        var length = RandomAccess.GetLength(_handle);
        if (length >= _size) return false;
        _size = length;
        return true;
    }

    private void Rotate(string suffix)
    {
        // Lines in the renamed file were reported written; they must be on disk before it is closed.
        Sync();
        _stream.Dispose();
        File.Move(_path, RotationPolicy.FreeName(_path, suffix), overwrite: false);
        (_stream, _handle) = Open();
    }
}
