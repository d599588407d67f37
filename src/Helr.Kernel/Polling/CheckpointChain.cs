using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>
/// Lets a source fetch its next page while earlier pages are still being written, without ever
/// checkpointing ahead of the output: each page's checkpoint runs only after that page's write
/// was acknowledged and after every earlier checkpoint, in order. A failed write or checkpoint stops
/// the chain, so no later checkpoint is written either (each entry still waits for its page's write).
/// The bound is generous: a pending entry holds only its checkpoint (the page's lines are held by the
/// output queue, which has its own limits), and under <c>drop</c> a stalled consumer should not stop
/// the poll.
/// A checkpoint learns whether the next page is already written too (the two went out in one write
/// batch): then it may leave the store write to that page's checkpoint, so a batch costs one store
/// round trip, carried by its last page.
/// </summary>
internal sealed class CheckpointChain(int maxPending = 4096)
{
    // Each page's acknowledgement and its checkpoint, oldest first; finished entries are dropped as found.
    private readonly Queue<(Task Written, Task Done)> _entries = new();
    private readonly object _links = new();
    private Link? _last;
    private Task _tail = Task.CompletedTask;
    private Exception? _outputFailure;

    /// <summary>Queues <paramref name="checkpoint"/> to run once <paramref name="written"/> completes; waits when too many are queued.</summary>
    public Task AddAsync(Task written, Func<Task> checkpoint) => AddAsync(written, _ => checkpoint());

    /// <summary>Queues <paramref name="checkpoint"/> to run once the page is acknowledged (written or dropped by policy).</summary>
    public Task AddAsync(PageReceipt page, Func<bool, Task> checkpoint) => AddAsync((Task)page.Acknowledged, checkpoint);

    /// <summary>
    /// Queues <paramref name="checkpoint"/> to run once <paramref name="written"/> completes, told whether
    /// the next page's write had completed by then (its checkpoint will follow and can carry this one's).
    /// A plain task stands for a page written when it succeeds; an acknowledgement task, for what it says.
    /// </summary>
    public async Task AddAsync(Task written, Func<bool, Task> checkpoint)
    {
        var link = new Link(written);
        lock (_links)
        {
            if (_last is not null) _last.Next = link;
            _last = link;
        }
        _tail = RunAsync(_tail, link, checkpoint);
        _entries.Enqueue((written, _tail));
        while (_entries.Count > 0 && (_entries.Count > maxPending || _entries.Peek().Done.IsCompleted)) await _entries.Dequeue().Done;
    }

    /// <summary>
    /// Waits for the checkpoints of pages that are already written. A crash repeats exactly the pages
    /// written but not yet checkpointed, so letting those pile up (a slow state store) would multiply
    /// duplicates; pages still waiting in the output queue cost nothing and may pile up.
    /// </summary>
    public async Task CatchUpAsync()
    {
        while (_entries.Count > 0)
        {
            var (written, done) = _entries.Peek();
            if (!written.IsCompleted && !done.IsCompleted) return;
            await done;
            _entries.Dequeue();
        }
    }

    /// <summary>Waits for every queued checkpoint; throws the first failure.</summary>
    public Task DrainAsync() => _tail;

    /// <summary>
    /// After the cycle failed: lets the queued checkpoints finish and returns the output failure if
    /// that is what stopped them (it outranks the cycle's own error: the process must stop).
    /// </summary>
    public async Task<Exception?> SettleAsync()
    {
        try
        {
            await _tail;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The checkpoint's own failure (or the output's, kept below) ends the chain.
        }
        return Volatile.Read(ref _outputFailure);
    }

    private async Task RunAsync(Task previous, Link link, Func<bool, Task> checkpoint)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An earlier checkpoint failed, so this one is not stored either; but the page is the output's,
            // and its ids already count as seen. The failed cycle's wind-down (SettleAsync) waits for it:
            // the next cycle drops the page as duplicates when it fetches it again and checkpoints past
            // it, which must not happen while its lines are still only queued in memory.
            await link.Written.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Failure(link.Written) is { } lost) Volatile.Write(ref _outputFailure, lost);
            throw;
        }
        await link.Written;
        if (Failure(link.Written) is { } failure)
        {
            Volatile.Write(ref _outputFailure, failure);
            throw failure;
        }
        bool nextWritten;
        lock (_links) nextWritten = link.Next?.Written is { IsCompletedSuccessfully: true } next && Failure(next) is null;
        await checkpoint(nextWritten);
    }

    private static Exception? Failure(Task written) => written is Task<PageAck> ack ? ack.Result.Failure : null;

    private sealed class Link(Task written)
    {
        public Task Written { get; } = written;

        public Link? Next { get; set; }
    }
}
