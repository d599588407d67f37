using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

/// <summary>
/// stdout handed over non-blocking (a parent that set O_NONBLOCK on its pipe) into a reader that stalls:
/// a full pipe slows helr down as a blocking one does, instead of failing the output.
/// </summary>
public sealed class NonBlockingStdoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_full_non_blocking_stdout_pipe_is_waited_on_and_every_line_arrives()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 100, perPage: 50);
        using var dir = new TempDir();
        // block: "output under load" is logged once the queue behind the stalled pipe is full, which
        // tells the test the pipe has been full for a while before the reader starts.
        var config = dir.Write("helr.yaml", $"""
            global:
              backpressure:
                enabled: true
                strategy: block
                detection:
                  event_queue_size: 100
            sources:
              s1:
                url: {api.Url}
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        await using var helr = PipedHelr.StartGated(dir, $"run --once -c {config}", nonBlocking: true);

        // Before: write(2) answered EAGAIN on the full pipe and helr exited 1 with "output failed".
        await helr.Process.WaitForStderrAsync("output under load", Timeout);
        helr.OpenGate();
        var (result, lines) = await helr.FinishAsync(Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(api.Ids(), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()));
    }
}
