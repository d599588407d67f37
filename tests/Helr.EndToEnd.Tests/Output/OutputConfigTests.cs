using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

public sealed class OutputConfigTests
{
    [Fact]
    public async Task The_documented_output_example_validates_without_warnings()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "docs", "output.yaml");
        var result = await HelrProcess.RunAsync($"validate -c {example}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning", result.Stderr);
    }

    [Theory]
    [InlineData("global:\n  backpressure:\n    detection:\n      event_queue_size: 0", "global.backpressure.detection.event_queue_size: must be between 1 and")]
    [InlineData("global:\n  backpressure:\n    strategy: spill", "global.backpressure.strategy: 'spill' is not one of: block, disk_buffer, drop")]
    [InlineData("global:\n  backpressure:\n    drop_policy: oldest", "global.backpressure.drop_policy: 'oldest' is not one of")]
    [InlineData("global:\n  backpressure:\n    strategy: disk_buffer", "global.backpressure.disk_buffer: required when strategy is disk_buffer")]
    [InlineData("global:\n  backpressure:\n    disk_buffer:\n      max_size_mb: 10", "global.backpressure.disk_buffer.path: required")]
    [InlineData("global:\n  backpressure:\n    disk_buffer:\n      path: /tmp/x\n      segment_size_mb: 64\n      max_size_mb: 10", "global.backpressure.disk_buffer.segment_size_mb: must not exceed max_size_mb")]
    [InlineData("global:\n  backpressure:\n    max_queue_age_secs: 0", "global.backpressure.max_queue_age_secs: must be at least")]
    [InlineData("global:\n  backpressure:\n    detection:\n      queue_size: 5", "global.backpressure.detection.queue_size: unknown key")]
    [InlineData("global:\n  load_shedding:\n    skip_priority_below: -1", "global.load_shedding.skip_priority_below: must be between 0 and 2147483647, found -1")]
    [InlineData("global:\n  output:\n    http:\n      batch_size: 0", "global.output.http.batch_size: must be between 1 and")]
    [InlineData("sources:\n  s1:\n    url: http://127.0.0.1:1/\n    on_invalid_utf8: ignore", "sources.s1.on_invalid_utf8: 'ignore' is not one of: replace, escape, fail")]
    [InlineData("sources:\n  s1:\n    url: http://127.0.0.1:1/\n    max_line_bytes: 0", "sources.s1.max_line_bytes: must be at least 1, found 0: 0 is not unlimited")]
    [InlineData("sources:\n  s1:\n    url: http://127.0.0.1:1/\n    max_line_bytes_behavior: cut", "sources.s1.max_line_bytes_behavior: 'cut' is not one of: truncate, skip, fail")]
    public async Task Bad_values_are_errors_that_name_the_key(string yaml, string error)
    {
        using var dir = new TempDir();
        var text = yaml.StartsWith("sources:") ? yaml : yaml + "\nsources:\n  s1:\n    url: http://127.0.0.1:1/";
        var result = await HelrProcess.RunAsync($"validate -c {dir.Write("helr.yaml", text)}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(error, result.Stderr);
    }

    [Fact]
    public async Task Load_shedding_without_backpressure_is_a_warning()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", "global:\n  load_shedding:\n    skip_priority_below: 5\nsources:\n  s1:\n    url: http://127.0.0.1:1/");
        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("global.load_shedding.skip_priority_below: has no effect unless backpressure.enabled is true", result.Stderr);
    }
}
