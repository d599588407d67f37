using System.Threading.Channels;

namespace Helr.Kernel.Output;

/// <summary>
/// The one writer of the output stream. Sources hand it whole pages of NDJSON lines; it writes each
/// page in one piece (so lines of different sources never interleave), flushes, and only then
/// completes the page's task, which is what lets a source checkpoint. The first write failure
/// (e.g. EPIPE when the consumer exits) is fatal: every pending and later page fails with it.
/// </summary>
internal sealed class OutputWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Channel<Batch> _queue;
    private readonly Task _loop;
    private Exception? _failure;

    public OutputWriter(Stream stream, string description, int capacityPages = 16)
    {
        _stream = stream;
        Description = description;
        _queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(capacityPages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(LoopAsync);
    }

    public string Description { get; }

    /// <summary>The failure that stopped output, if any.</summary>
    public Exception? Failure => _failure;

    /// <summary>Writes the lines and completes once they are flushed to the OS.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> lines)
    {
        if (lines.IsEmpty) return;
        if (_failure is not null) throw new OutputFailedException(_failure);
        var batch = new Batch(lines);
        await _queue.Writer.WriteAsync(batch);
        await batch.Done.Task;
    }

    private async Task LoopAsync()
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync())
        {
            if (_failure is not null)
            {
                batch.Done.TrySetException(new OutputFailedException(_failure));
                continue;
            }
            try
            {
                await _stream.WriteAsync(batch.Lines);
                await _stream.FlushAsync();
                batch.Done.TrySetResult();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                _failure = ex;
                batch.Done.TrySetException(new OutputFailedException(ex));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        try
        {
            await _stream.FlushAsync();
        }
        catch (IOException)
        {
            // Already reported through Failure.
        }
        await _stream.DisposeAsync();
    }

    private sealed class Batch(ReadOnlyMemory<byte> lines)
    {
        public ReadOnlyMemory<byte> Lines { get; } = lines;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Output can no longer be written; the process must stop without checkpointing further.</summary>
internal sealed class OutputFailedException(Exception inner)
    : Exception($"output failed: {Describe(inner)}", inner)
{
    private static string Describe(Exception ex) =>
        ex.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase) ? "broken pipe (the consumer of stdout exited)" : ex.Message;
}
