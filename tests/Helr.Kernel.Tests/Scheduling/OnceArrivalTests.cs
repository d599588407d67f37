using System.Text;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A one-cycle run starts each source as soon as its runner is built. (A runner that cannot be built is
/// named and left out by RunPipeline, and the others are collected: PluginFaultTests.)
/// </summary>
public sealed class OnceArrivalTests
{
    private static string Config(FakeVendorServer api) => $"""
        global:
          state: {"{"} backend: memory {"}"}
        sources:
          a:
            url: {api.Url("/a")}
          b:
            url: {api.Url("/b")}
        """;

    private sealed class Run : IAsyncDisposable
    {
        private readonly MemoryStream _stream = new();
        private readonly ConfigFile _file = new();
        private readonly MemoryStateStore _store = new();

        public Run(FakeVendorServer api)
        {
            Loaded = _file.Load(Config(api));
            Writer = new OutputWriter(new StreamSink(_stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        }

        public LoadedConfig Loaded { get; }

        public OutputWriter Writer { get; }

        public string Output => Encoding.UTF8.GetString(_stream.ToArray());

        public SourceRunner Build(int index) =>
            SourceComposition.Build(Loaded.Sources[index], Loaded.Config.Global, _store, Writer, TimeProvider.System, Logger.None);

        public async ValueTask DisposeAsync()
        {
            await Writer.DisposeAsync();
            _file.Dispose();
        }
    }

    [Fact]
    public async Task A_source_is_polled_while_the_next_one_is_still_being_built()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        api.OnGet("/b", _ => FakeResponse.Json("""[{"id":"b1"}]"""));
        await using var run = new Run(api);
        var built = new List<SourceRunner>();
        IEnumerable<SourceRunner> Arriving()
        {
            built.Add(run.Build(0));
            yield return built[^1];
            // Built only once the first source's request reached the API: a scheduler that waited for
            // every runner before starting any would never get here.
            api.WaitForRequestsAsync(1, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            built.Add(run.Build(1));
            yield return built[^1];
        }
        var scheduler = new SourceScheduler([], TimeProvider.System, Logger.None);
        Assert.Equal(0, await scheduler.RunOnceAsync(CancellationToken.None, Arriving()));
        await run.Writer.CompleteAsync(drainDisk: true);
        Assert.Equal(new[] { "/a", "/b" }, api.Requests.Select(r => r.Path));
        Assert.Contains("\"a1\"", run.Output);
        Assert.Contains("\"b1\"", run.Output);
        foreach (var runner in built) runner.Dispose();
    }
}
