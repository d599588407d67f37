using Helr.Kernel.Output;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Helr.Kernel.Tests.Output;

public sealed class StdoutSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-stdoutsink-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    // /dev/null can seek: it was taken for a file, announced at start as "a file: appended to" and fdatasync'd after every batch.
    [SkippableFact]
    public void Stdout_to_dev_null_is_no_file()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "descriptors as on Linux");
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);

        var sink = new StdoutSink(fd: Fd(devNull));

        Assert.DoesNotContain("a file", sink.Description, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Stdout_to_a_regular_file_is_appended_to()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "descriptors as on Linux");
        using var file = File.OpenHandle(Path.Combine(_dir, "events.ndjson"), FileMode.Create, FileAccess.Write);

        var sink = new StdoutSink(fd: Fd(file));

        Assert.Contains("a file: appended to", sink.Description, StringComparison.Ordinal);
    }
}
