using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>
/// The lines of a streamed page until the page is known to parse: in memory up to a budget, then in a
/// temporary file that is unlinked as soon as it is created (a crash leaves nothing behind, and
/// nothing of the page reaches the output). A page that stayed in memory goes to the output as one
/// part, like a page read whole; a spilled one in parts of a bounded size, cut at line ends. The file
/// is one of the source's <see cref="SpoolFiles"/>, so only the bytes this page wrote are read back.
/// </summary>
internal sealed class PageSpool(int memoryBytes, int partBytes, SpoolFiles files) : IDisposable
{
    private PageLines? _lines;
    private FileStream? _file;
    private long _length;

    /// <summary>Where the next lines are rendered.</summary>
    public PageLines Lines => _lines ??= new PageLines(memoryBytes + 64 * 1024);

    /// <summary>Whether lines went to a file.</summary>
    public bool Spilled => _file is not null;

    /// <summary>Moves the lines held to the file once they are over the budget (between windows).</summary>
    public void AfterWindow()
    {
        if (_lines is not { } lines || lines.WrittenCount < memoryBytes) return;
        _file ??= files.Take();
        _file.Write(lines.WrittenSpan);
        _length += lines.WrittenCount;
        lines.Truncate(0);
    }

    /// <summary>The page's lines, in order; each part belongs to whoever takes it.</summary>
    /// <remarks>The file's parts are read straight into their buffers, and the lines still held go last, as they are.</remarks>
    public IEnumerable<PageLines> Parts()
    {
        var held = Lines;
        _lines = null;
        if (_file is { } file)
        {
            file.Position = 0;
            var left = _length;
            var carry = Array.Empty<byte>();
            var end = false;
            while (!end)
            {
                var part = new PageLines(Math.Max(partBytes, carry.Length) + 1);
                carry.CopyTo(part.GetSpan(carry.Length));
                part.Advance(carry.Length);
                var target = partBytes;
                int cut;
                while (true)
                {
                    while (!end && part.WrittenCount < target)
                    {
                        var want = (int)Math.Min(target - part.WrittenCount, left);
                        var read = want == 0 ? 0 : file.Read(part.GetSpan(want)[..want]);
                        left -= read;
                        if (read == 0) end = true;
                        part.Advance(read);
                    }
                    // Parts end at a line's end; a line longer than a part makes its part longer.
                    cut = end ? part.WrittenCount : part.WrittenSpan.LastIndexOf((byte)'\n') + 1;
                    if (cut > 0 || end) break;
                    target *= 2;
                }
                carry = part.WrittenSpan[cut..].ToArray();
                part.Truncate(cut);
                if (part.WrittenCount > 0) yield return part;
                else part.Recycle();
            }
        }
        yield return held;
    }

    // The file goes back to the source's SpoolFiles: a later spilled page writes over this one's bytes.
    public void Dispose()
    {
        _lines?.Recycle();
        _lines = null;
        if (_file is { } file) files.Return(file);
        _file = null;
    }
}
