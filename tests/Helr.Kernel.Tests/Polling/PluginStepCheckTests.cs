using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>
/// What a third-party cycle returns is checked before the page's lines go out: a checkpoint the state
/// store cannot hold (a null value: the last page's "no next cursor") failed only at the store, after
/// the lines were written, so every cycle wrote the page again; under the test kit's memory store it
/// was even kept, and the plugin's own tests passed.
/// </summary>
public sealed class PluginStepCheckTests
{
    private sealed class Cycle(Uri url, Func<PageResponse, EventBatch, PageStep> onPage, Func<IReadOnlyDictionary<string, string>>? finish)
        : IHelrPlugin, ISourceType, ISource, IPollCycle
    {
        public PluginInfo Info { get; } = new() { Name = "odd", Version = "1.0.0", Description = "returns odd steps" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "odd";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public Helr.PluginSdk.Auth.IAuthenticator? Authenticator => null;
        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => SourceDefaults.None;
        public IPollCycle BeginCycle(CycleContext context) => this;
        public PageRequest? First => PageRequest.Get(url);
        public PageStep OnPage(PageResponse response, EventBatch events) => onPage(response, events);
        public PageStep? OnErrorStatus(PageResponse response) => null;
        public IReadOnlyDictionary<string, string> Finish() => finish is null ? new Dictionary<string, string>() : finish();
    }

    private static async Task<HarnessCycle> RunAsync(Func<PageResponse, EventBatch, PageStep> onPage, Func<IReadOnlyDictionary<string, string>>? finish = null)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"},{"id":"a2"}]"""));
        using var harness = SourceHarness.Create(new Cycle(new Uri(api.Url("/a")), onPage, finish), "", api);
        return await harness.RunCycleAsync();
    }

    [Fact]
    public async Task A_checkpoint_with_a_null_value_fails_the_cycle_before_its_page_is_written_and_names_the_plugin()
    {
        var cycle = await RunAsync((_, _) => PageStep.Stop(PageStep.State("cursor", null!)));

        Assert.Empty(cycle.Lines);
        Assert.Equal("plugin 'odd': OnPage returned a checkpoint without a value for 'cursor' (state values cannot be null)", cycle.Error);
    }

    [Fact]
    public async Task A_null_checkpoint_fails_the_cycle_before_its_page_is_written()
    {
        var cycle = await RunAsync((_, _) => PageStep.Stop() with { Checkpoint = null! });

        Assert.Empty(cycle.Lines);
        Assert.Equal("plugin 'odd': OnPage returned a step whose Checkpoint is null", cycle.Error);
    }

    [Fact]
    public async Task A_null_step_is_named()
    {
        var cycle = await RunAsync((_, _) => null!);

        Assert.Equal("plugin 'odd': OnPage returned null (PageStep.Stop() ends the cycle)", cycle.Error);
    }

    [Fact]
    public async Task Events_outside_the_body_are_named()
    {
        var cycle = await RunAsync((response, _) => PageStep.Stop() with { Events = new EventBatch { Body = response.Body, Ranges = new[] { new Range(0, 2), new Range(1, 10_000) } } });

        Assert.Empty(cycle.Lines);
        Assert.StartsWith("plugin 'odd': OnPage returned PageStep.Events whose event 1 (1..10000) lies outside its body of ", cycle.Error);
    }

    [Fact]
    public async Task A_null_value_from_Finish_is_named_and_not_stored()
    {
        var cycle = await RunAsync((_, _) => PageStep.Stop(PageStep.State("page", "1")), () => new Dictionary<string, string> { ["watermark"] = null! });

        Assert.Equal("plugin 'odd': Finish returned a checkpoint without a value for 'watermark' (state values cannot be null)", cycle.Error);
        Assert.Equal(new Dictionary<string, string> { ["page"] = "1" }, cycle.State);
    }

    // What helr run does with the default SQLite store: the page went out, the checkpoint failed, and the next cycle wrote it again.
    [Fact]
    public async Task With_the_SQLite_store_a_null_checkpoint_value_never_writes_the_page_twice()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"},{"id":"a2"}]"""));
        var dir = Directory.CreateTempSubdirectory("helr-step-").FullName;
        try
        {
            var path = Path.Combine(dir, "helr.yaml");
            File.WriteAllText(path, "sources:\n  s1:\n    type: odd\n");
            var plugin = new Cycle(new Uri(api.Url("/a")), (_, _) => PageStep.Stop(PageStep.State("cursor", null!)), null);
            var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("odd", null) { Plugin = plugin } }));
            var (loaded, problems) = ConfigLoader.Load(path, registry, new TestEnvironment());
            Assert.True(loaded is not null, string.Join("; ", problems.Errors));
            var time = TimeProvider.System;
            var lines = new MemoryStream();
            await using var store = await SqliteStateStore.OpenAsync(Path.Combine(dir, "state.db"), readOnly: false, time);
            await using (var output = new OutputWriter(new StreamSink(lines, "test"), new OutputLimits(), null, time, Logger.None))
            {
                using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, store, output, time, Logger.None);
                var first = await runner.RunCycleAsync(CancellationToken.None);
                var second = await runner.RunCycleAsync(CancellationToken.None);
                Assert.NotNull(first.Error);
                Assert.NotNull(second.Error);
            }
            var written = System.Text.Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(written.Count(l => l.Contains("\"a1\"")) <= 1, string.Join("\n", written));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
