using Helr.Kernel.Cli;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

public sealed class StartupWarmupTests
{
    // A warm-up that fails is silent by design (the run does the same work for real and reports it),
    // so this is where a broken one shows: it must render both events of its canned page.
    [Fact]
    public async Task The_warmup_fetches_and_renders_its_canned_page()
    {
        Assert.Equal(2, await StartupWarmup.RunAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(true, "run", "--once")]
    [InlineData(true, "-c", "helr.yaml")]
    [InlineData(true, "test", "--source", "okta")]
    [InlineData(false, "validate", "-c", "helr.yaml")]
    [InlineData(false, "state", "show")]
    [InlineData(false, "demo")]
    public void Only_a_likely_run_is_warmed_up(bool expected, params string[] args)
    {
        Assert.Equal(expected, StartupWarmup.LikelyRun(args));
    }

    [Theory]
    [InlineData(true, "validate", "-c", "helr.yaml")]
    [InlineData(false, "run")]
    [InlineData(false, "state", "show")]
    [InlineData(false)]
    public void Validate_warms_up_the_yaml_reader_alone(bool expected, params string[] args)
    {
        Assert.Equal(expected, StartupWarmup.ReadsConfigOnly(args));
    }
}
