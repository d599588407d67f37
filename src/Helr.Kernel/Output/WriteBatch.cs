namespace Helr.Kernel.Output;

/// <summary>
/// The lines the writer took from the queue for one write (up to <see cref="OutputLimits.BatchBytes"/>):
/// no longer droppable, written with one (vectored) write and synced once before any of their pages
/// is acknowledged. Touched by the writer thread, and under the output lock by the spiller.
/// </summary>
internal sealed class WriteBatch
{
    private readonly List<QueuedLine> _lines = new();
    private readonly List<ReadOnlyMemory<byte>> _chunks = new();

    public int Count => _lines.Count;

    public long Bytes { get; private set; }

    /// <summary>The lines were also copied to the disk buffer when spilling began; that copy acknowledges their pages.</summary>
    public bool Mirrored { get; set; }

    public IReadOnlyList<QueuedLine> Lines => _lines;

    /// <summary>True when a line of <paramref name="length"/> bytes still belongs in this batch (an empty batch takes any line).</summary>
    public bool Takes(int length) => _lines.Count == 0 || Bytes + length <= OutputLimits.BatchBytes;

    public void Add(QueuedLine line)
    {
        _lines.Add(line);
        Bytes += line.Length;
    }

    /// <summary>The batch as memory chunks: adjacent lines of one page are contiguous in its buffer, so each run is one chunk.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Chunks()
    {
        _chunks.Clear();
        var i = 0;
        while (i < _lines.Count)
        {
            var first = _lines[i];
            var end = first.Start + first.Length;
            var j = i + 1;
            while (j < _lines.Count && _lines[j].Ticket == first.Ticket && _lines[j].Start == end)
            {
                end += _lines[j].Length;
                j++;
            }
            _chunks.Add(first.Ticket.Lines[first.Start..end]);
            i = j;
        }
        return _chunks;
    }

    /// <summary>Under the output lock, once written: accounts for each run of one page's lines at once.</summary>
    public void Written(OutputState state)
    {
        var run = 0;
        while (run < _lines.Count)
        {
            var ticket = _lines[run].Ticket;
            var next = run + 1;
            while (next < _lines.Count && _lines[next].Ticket == ticket) next++;
            state.Written(ticket, next - run);
            run = next;
        }
    }

    public void Clear()
    {
        _lines.Clear();
        _chunks.Clear();
        Bytes = 0;
        Mirrored = false;
    }
}
