using System.Buffers;
using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>
/// The lines of a streamed page until the page is known to parse: in memory up to a budget, then in a
/// temporary file that is unlinked as soon as it is created (a crash leaves nothing behind, and
/// nothing of the page reaches the output). A page that stayed in memory goes to the output as one
/// part, like a page read whole; a spilled one in parts of a bounded size, cut at line ends.
/// </summary>
internal sealed class PageSpool(int memoryBytes, int partBytes, string? directory) : IDisposable
{
    private PageLines? _lines;
    private FileStream? _file;

    /// <summary>Where the next lines are rendered.</summary>
    public PageLines Lines => _lines ??= new PageLines(memoryBytes + 64 * 1024);

    /// <summary>Whether lines went to a file.</summary>
    public bool Spilled => _file is not null;

    /// <summary>Moves the lines held to the file once they are over the budget (between windows).</summary>
    public void AfterWindow()
    {
        if (_lines is not { } lines || lines.WrittenCount < memoryBytes) return;
        _file ??= Create(directory ?? Path.GetTempPath());
        _file.Write(lines.WrittenSpan);
        lines.Truncate(0);
    }

    /// <summary>The page's lines, in order; each part belongs to whoever takes it.</summary>
    public IEnumerable<PageLines> Parts()
    {
        var lines = Lines;
        _lines = null;
        if (_file is not { } file)
        {
            yield return lines;
            yield break;
        }
        file.Write(lines.WrittenSpan);
        lines.Recycle();
        file.Position = 0;
        var block = ArrayPool<byte>.Shared.Rent(partBytes);
        try
        {
            var held = 0;
            while (true)
            {
                var read = file.Read(block, held, block.Length - held);
                held += read;
                if (held == 0) yield break;
                var cut = read == 0 ? held : block.AsSpan(0, held).LastIndexOf((byte)'\n') + 1;
                if (cut == 0)
                {
                    // One line longer than a part: the part grows to hold it.
                    var bigger = ArrayPool<byte>.Shared.Rent(block.Length * 2);
                    block.AsSpan(0, held).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(block);
                    block = bigger;
                    continue;
                }
                var part = new PageLines(cut);
                block.AsSpan(0, cut).CopyTo(part.GetSpan(cut));
                part.Advance(cut);
                block.AsSpan(cut, held - cut).CopyTo(block);
                held -= cut;
                yield return part;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    public void Dispose()
    {
        _lines?.Recycle();
        _lines = null;
        _file?.Dispose();
        _file = null;
    }

    // Unlinked at once: the open handle keeps the data, and nothing is left if the process dies.
    private static FileStream Create(string directory)
    {
        var path = Path.Combine(directory, $"helr-spool-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new IOException($"cannot unlink the page spool file {path}: {ex.Message}", ex);
        }
        return file;
    }
}
