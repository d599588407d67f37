using System.Text;
using Helr.Kernel.Output;

namespace Helr.Kernel.Cli;

/// <summary>
/// Console.Out for what the commands print (<c>state export</c>, <c>plugins list --json</c>, <c>--version</c>).
/// .NET's own pretends a write to a closed pipe succeeded: <c>helr state export | consumer</c> exited 0 with the
/// export lost when the consumer had gone (upstream fails then). Written straight to fd 1, a failed write
/// (a closed pipe, a full disk) is a <see cref="StdoutWriteException"/>: one error line and exit 1.
/// </summary>
internal static class StdoutText
{
    public static void Install()
    {
        if (!LinuxFile.Supported) return;
        Console.SetOut(new StreamWriter(new Fd1(), new UTF8Encoding(false), 4096) { AutoFlush = true });
    }

    // Opens nothing: fd 1 may be closed (helr run -o FILE >&-), which only a write to it would find.
    private sealed class Fd1 : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                LinuxFile.Write(1, buffer);
            }
            catch (IOException ex)
            {
                throw new StdoutWriteException(ex);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
