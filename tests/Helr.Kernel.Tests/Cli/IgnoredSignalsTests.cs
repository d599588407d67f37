using Helr.Kernel.Cli;

namespace Helr.Kernel.Tests.Cli;

/// <summary>The SigIgn mask of /proc/&lt;pid&gt;/status: bit n-1 for signal n.</summary>
public sealed class IgnoredSignalsTests
{
    [Theory]
    [InlineData("0000000000001007", 1, true)]  // nohup: SIGHUP (and SIGINT, SIGQUIT from the shell) ignored
    [InlineData("0000000000001006", 1, false)]
    [InlineData("0000000000001006", 2, true)]
    [InlineData("0000000000001006", 13, true)] // SIGPIPE, bit 12
    [InlineData("0000000000000000", 1, false)]
    public void Reads_the_mask_of_a_status_file(string mask, int signal, bool ignored) =>
        Assert.Equal(ignored, IgnoredSignals.IsIgnored(["Name:\thelr", "SigBlk:\t0000000000000000", $"SigIgn:\t{mask}", "SigCgt:\t0000000180004a02"], signal));

    [Fact]
    public void A_status_without_the_mask_ignores_nothing() =>
        Assert.False(IgnoredSignals.IsIgnored(["Name:\thelr"], 1));
}
