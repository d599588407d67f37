using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary>The flags every command line accepts, as upstream's clap defines them.</summary>
public sealed class GlobalOptionsTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public async Task The_version_flag_prints_the_version_and_exits_0(string flag)
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync(flag, dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }
}
