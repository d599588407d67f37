namespace Helr.Kernel.Output;

/// <summary>
/// The lines the writer took from the queue and has not yet acknowledged: no longer droppable. They
/// are written in vectored writes of up to <see cref="OutputLimits.BatchBytes"/> each and, while more
/// lines wait, written on without a sync in between (up to <see cref="OutputLimits.SyncBytes"/>), then
/// synced once before any of their pages is acknowledged. Touched by the writer thread, and under the
/// output lock by the spiller.
/// </summary>
internal sealed class WriteBatch
{
    private readonly List<QueuedLine> _lines = new();
    private readonly List<ReadOnlyMemory<byte>> _chunks = new();
    private int _written; // lines from this index on are taken but not yet written
    private int _unread; // lines from this index up to _written are written, but their pages not yet told
    private long _writtenBytes;

    public int Count => _lines.Count;

    public long Bytes { get; private set; }

    /// <summary>True once the written lines are enough for one sync; more lines wait for the next.</summary>
    public bool Full => _writtenBytes >= OutputLimits.SyncBytes;

    /// <summary>The lines were also copied to the disk buffer when spilling began; that copy acknowledges their pages.</summary>
    public bool Mirrored { get; set; }

    public IReadOnlyList<QueuedLine> Lines => _lines;

    /// <summary>True when a line of <paramref name="length"/> bytes still belongs in this batch (an empty batch takes any line).</summary>
    public bool Takes(int length) => _lines.Count == _written || Bytes - _writtenBytes + length <= OutputLimits.BatchBytes;

    public void Add(QueuedLine line)
    {
        _lines.Add(line);
        Bytes += line.Length;
    }

    /// <summary>
    /// The lines not yet written, as memory chunks (adjacent lines of one page are contiguous in its
    /// buffer, so each run is one chunk); they count as written from now on.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TakeUnwritten()
    {
        _chunks.Clear();
        var i = _written;
        _written = _lines.Count;
        _writtenBytes = Bytes;
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

    /// <summary>
    /// Under the output lock, after a write and before its sync: the lines written since the last call
    /// are no longer read, so a page whose lines are all written can give its memory back early.
    /// </summary>
    public void Wrote()
    {
        var from = _unread;
        _unread = _written;
        EachRun(from, _written, (object?)null, static (_, ticket, lines) => ticket.Unread(lines));
    }

    /// <summary>Under the output lock, once written: accounts for each run of one page's lines at once.</summary>
    public void Written(OutputState state) =>
        EachRun(0, _lines.Count, state, static (state, ticket, lines) => state.Written(ticket, lines));

    // Once per run of one page's adjacent lines in [from, to), with how many lines the run has.
    private void EachRun<T>(int from, int to, T arg, Action<T, PageTicket, int> act)
    {
        var run = from;
        while (run < to)
        {
            var ticket = _lines[run].Ticket;
            var next = run + 1;
            while (next < to && _lines[next].Ticket == ticket) next++;
            act(arg, ticket, next - run);
            run = next;
        }
    }

    public void Clear()
    {
        _lines.Clear();
        _chunks.Clear();
        Bytes = 0;
        _written = 0;
        _unread = 0;
        _writtenBytes = 0;
        Mirrored = false;
    }
}
