using System.Text;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// An output stream that holds every write until <see cref="Release"/> is set, so the queue behind the
/// first page fills deterministically; <see cref="FirstWrite"/> says the writer reached it.
/// </summary>
internal sealed class GatedStream : MemoryStream
{
    public readonly ManualResetEventSlim Release = new();
    public readonly TaskCompletionSource FirstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override void Write(byte[] buffer, int offset, int count)
    {
        FirstWrite.TrySetResult();
        Release.Wait();
        lock (this) base.Write(buffer, offset, count);
    }

    public string Text()
    {
        lock (this) return Encoding.UTF8.GetString(ToArray());
    }
}
