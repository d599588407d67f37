namespace Helr.Kernel.Output;

/// <summary>
/// A growable ring of queued lines that also allows removing from the middle (random drop) and counts
/// bytes (byte budgets): the two things a bounded <c>Channel</c> lacks, hence hand-written.
/// </summary>
internal sealed class LineQueue
{
    private QueuedLine[] _items = new QueuedLine[256];
    private int _head;

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    public QueuedLine this[int index] => _items[(_head + index) % _items.Length];

    public void Enqueue(QueuedLine line)
    {
        if (Count == _items.Length) Grow();
        _items[(_head + Count) % _items.Length] = line;
        Count++;
        Bytes += line.Length;
    }

    public QueuedLine Dequeue() => RemoveAt(0);

    public QueuedLine RemoveAt(int index)
    {
        var line = this[index];
        if (index == 0)
        {
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
        }
        else
        {
            for (var i = index; i < Count - 1; i++) _items[(_head + i) % _items.Length] = _items[(_head + i + 1) % _items.Length];
            _items[(_head + Count - 1) % _items.Length] = default;
        }
        Count--;
        Bytes -= line.Length;
        return line;
    }

    /// <summary>Removes every line of <paramref name="ticket"/>, keeping the order of the others.</summary>
    public int RemoveAll(PageTicket ticket)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var line = this[i];
            if (line.Ticket == ticket) Bytes -= line.Length;
            else _items[(_head + kept++) % _items.Length] = line;
        }
        for (var i = kept; i < Count; i++) _items[(_head + i) % _items.Length] = default;
        var removed = Count - kept;
        Count = kept;
        return removed;
    }

    private void Grow()
    {
        var bigger = new QueuedLine[_items.Length * 2];
        for (var i = 0; i < Count; i++) bigger[i] = this[i];
        _items = bigger;
        _head = 0;
    }
}
