using System.Runtime.InteropServices;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// <c>--output</c> naming a terminal (<c>/dev/tty</c>, <c>/dev/pts/N</c>): the progress display, drawn on the
/// same screen, would redraw over the event lines, so it is left off as for events on stdout.
/// </summary>
public sealed class TerminalOutputTests
{
    [SkippableFact]
    public void An_output_path_that_is_a_terminal_counts_as_events_on_a_terminal()
    {
        Skip.IfNot(LinuxFile.Supported, "terminals are told apart on Linux only");
        // A pseudo-terminal of the test's own: the test runner has no controlling terminal for /dev/tty.
        var master = posix_openpt(0x2 | 0x100); // O_RDWR | O_NOCTTY
        Assert.True(master >= 0, "posix_openpt failed");
        try
        {
            Assert.Equal(0, grantpt(master));
            Assert.Equal(0, unlockpt(master));
            var terminal = Marshal.PtrToStringUTF8(ptsname(master))!;

            Assert.True(OutputFactory.WritesToTerminal(terminal), terminal);
        }
        finally
        {
            close(master);
        }
    }

    [SkippableFact]
    public void A_regular_file_or_dev_null_is_no_terminal()
    {
        Skip.IfNot(LinuxFile.Supported, "terminals are told apart on Linux only");
        var file = Path.GetTempFileName();
        try
        {
            Assert.False(OutputFactory.WritesToTerminal(file));
            Assert.False(OutputFactory.WritesToTerminal("/dev/null"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr ptsname(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
