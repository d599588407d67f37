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
/// A page's checkpoint is stored once its lines are written, and the next page's OnPage may run
/// before that. A cycle that keeps one checkpoint dictionary and updates it page by page (natural
/// with <c>WatermarkTracker.AddInProgress(IDictionary)</c>) had the kernel store, for page 1, what it
/// had already written into it for page 2: when page 2's lines were then lost, the next cycle started
/// after them.
/// </summary>
public sealed class CheckpointSnapshotTests
{
    // Two pages joined by a cursor; one dictionary for every step, as a plugin might keep it.
    private sealed class ReusingCycle(Uri url, ManualResetEventSlim firstPageWriting, ManualResetEventSlim secondPageSeen, Task firstCommit)
        : IHelrPlugin, ISourceType, ISource, IPollCycle
    {
        private readonly Dictionary<string, string> _checkpoint = new();
        public PluginInfo Info { get; } = new() { Name = "reuse", Version = "1.0.0", Description = "reuses its checkpoint" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "reuse";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public Helr.PluginSdk.Auth.IAuthenticator? Authenticator => null;
        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => SourceDefaults.None;
        public IPollCycle BeginCycle(CycleContext context) => this;
        public PageRequest? First => PageRequest.Get(url);

        public PageStep OnPage(PageResponse response, EventBatch events)
        {
            if (response.Url.Query.Contains("cursor=c2", StringComparison.Ordinal))
            {
                // Page 1 is alone in its write: the output is already writing it.
                if (!firstPageWriting.Wait(TimeSpan.FromMinutes(1))) throw new InvalidOperationException("page 1 was never written");
                _checkpoint["cursor"] = "c3";
                secondPageSeen.Set();
                // Page 2's lines are not handed over before page 1's checkpoint: page 1 is written (and synced) alone.
                if (!firstCommit.Wait(TimeSpan.FromMinutes(1))) throw new InvalidOperationException("page 1 was never checkpointed");
                return PageStep.Stop(_checkpoint);
            }
            _checkpoint["cursor"] = "c2";
            return PageStep.Continue(PageRequest.Get(new Uri(url + "?cursor=c2")), _checkpoint);
        }

        public PageStep? OnErrorStatus(PageResponse response) => null;
        public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();
    }

    // An output whose first write waits until the second page was seen.
    private sealed class GatedStream(ManualResetEventSlim writing, ManualResetEventSlim gate) : MemoryStream
    {
        // MemoryStream's span overload comes here for a derived class.
        public override void Write(byte[] buffer, int offset, int count)
        {
            writing.Set();
            if (!gate.Wait(TimeSpan.FromMinutes(1))) throw new IOException("the second page never came");
            base.Write(buffer, offset, count);
        }
    }

    // The first state the source committed.
    private sealed class FirstCommitStore : IStateStore
    {
        private readonly MemoryStateStore _inner = new();
        public TaskCompletionSource<IReadOnlyDictionary<string, string>> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Description => "first commit";
        public Task<IReadOnlyDictionary<string, string>> GetAllAsync(string sourceId, CancellationToken ct = default) => _inner.GetAllAsync(sourceId, ct);
        public Task<IReadOnlyList<string>> GetDedupeIdsAsync(string sourceId, int capacity, CancellationToken ct = default) => _inner.GetDedupeIdsAsync(sourceId, capacity, ct);
        public Task ClearSourceAsync(string sourceId, CancellationToken ct = default) => _inner.ClearSourceAsync(sourceId, ct);
        public Task<IReadOnlyList<string>> ListSourcesAsync(CancellationToken ct = default) => _inner.ListSourcesAsync(ct);
        public Task PingAsync(CancellationToken ct = default) => Task.CompletedTask;
        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        public Task CommitAsync(string sourceId, StateCommit commit, CancellationToken ct = default)
        {
            First.TrySetResult(new Dictionary<string, string>(commit.Values));
            return _inner.CommitAsync(sourceId, commit, ct);
        }
    }

    [Fact]
    public async Task A_page_is_checkpointed_with_its_own_cursor_when_the_plugin_reuses_its_checkpoint_dictionary()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", r => FakeResponse.Json(r.Param("cursor") == "c2" ? """[{"id":"b1"}]""" : """[{"id":"a1"}]"""));
        var dir = Directory.CreateTempSubdirectory("helr-snapshot-").FullName;
        using var writing = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        try
        {
            var path = Path.Combine(dir, "helr.yaml");
            File.WriteAllText(path, "sources:\n  s1:\n    type: reuse\n");
            await using var store = new FirstCommitStore();
            var plugin = new ReusingCycle(new Uri(api.Url("/a")), writing, gate, store.First.Task);
            var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("reuse", null) { Plugin = plugin } }));
            var (loaded, problems) = ConfigLoader.Load(path, registry, new TestEnvironment());
            Assert.True(loaded is not null, string.Join("; ", problems.Errors));
            var time = TimeProvider.System;
            await using (var output = new OutputWriter(new StreamSink(new GatedStream(writing, gate), "test"), new OutputLimits(), null, time, Logger.None))
            {
                using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, store, output, time, Logger.None);
                var outcome = await runner.RunCycleAsync(CancellationToken.None);

                Assert.Null(outcome.Error);
                // Stored while page 2's lines were not yet written: were helr stopped then, the next run must ask for page 2.
                Assert.Equal("c2", (await store.First.Task)["cursor"]);
            }
            Assert.Equal("c3", (await store.GetAllAsync("s1"))["cursor"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
