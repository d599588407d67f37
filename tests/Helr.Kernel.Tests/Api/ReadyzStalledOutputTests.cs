using System.Text.Json.Nodes;
using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Output;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// A shipper that stops reading stdout (or a disk that does not answer) holds the writer in one write:
/// nothing is written or checkpointed, yet nothing failed. /readyz said output_writable true and 200
/// for as long as it lasted; it now says false (503) once the write has been blocked for a minute.
/// </summary>
public sealed class ReadyzStalledOutputTests
{
    [Fact]
    public async Task Readyz_is_503_while_the_output_is_blocked_in_one_write_and_200_once_it_returns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        using var file = new ConfigFile();
        var loaded = file.Load("""
            sources:
              a:
                url: http://127.0.0.1:9/logs
            """);
        var stream = new GatedStream();
        var output = new OutputWriter(new StreamSink(stream, "stdout"), new OutputLimits(), null, time, Logger.None, Telemetry.Create(Logger.None, time));
        var board = new SourceStatusBoard(time);
        board.Register("a");
        var server = await ApiServer.StartAsync(new ApiConfig { Enabled = true, Port = 0 }, new ApiContext
        {
            Board = board, Scheduler = new SourceScheduler([], time, Logger.None), Store = new MemoryStateStore(), Output = output,
            Config = () => ConfigSnapshot.Of(loaded.Config), Sources = () => loaded.Sources, StateStoreFallbackActive = () => false,
            Time = time, StartedAt = time.GetTimestamp(),
        }, Logger.None);
        using var http = new HttpClient();
        try
        {
            Assert.Equal(200, (await ReadyzAsync(http, server)).Status);

            var page = await output.EnqueueAsync("a", "{\"a\":1}\n"u8.ToArray());
            await stream.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            time.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(200, (await ReadyzAsync(http, server)).Status);

            time.Advance(TimeSpan.FromSeconds(31));
            var (status, body) = await ReadyzAsync(http, server);
            Assert.Equal(503, status);
            Assert.False(body["ready"]!.GetValue<bool>());
            Assert.False(body["output_writable"]!.GetValue<bool>());
            Assert.True(body["state_store_connected"]!.GetValue<bool>());

            stream.Release.Set();
            await page.WaitAsync(TimeSpan.FromSeconds(30));
            var (after, afterBody) = await ReadyzAsync(http, server);
            Assert.Equal(200, after);
            Assert.True(afterBody["output_writable"]!.GetValue<bool>());
        }
        finally
        {
            stream.Release.Set();
            await server.DisposeAsync();
            await output.DisposeAsync();
        }
    }

    private static async Task<(int Status, JsonNode Body)> ReadyzAsync(HttpClient http, ApiServer server)
    {
        using var answer = await http.GetAsync($"{server.Url}/readyz");
        return ((int)answer.StatusCode, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!);
    }
}
