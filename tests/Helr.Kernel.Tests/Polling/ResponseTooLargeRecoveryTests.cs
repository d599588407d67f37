using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>
/// A body over <c>max_response_bytes</c> goes to <see cref="IPollCycle.OnResponseTooLarge"/>: a cycle
/// may recover with a smaller request (its checkpoint stored, nothing of the big page written); the
/// default still fails the cycle, as before the hook existed.
/// </summary>
public sealed class ResponseTooLargeRecoveryTests
{
    private sealed class TwoPages(Uri big, Uri small, bool recover) : ISourceType, ISource
    {
        public List<(Uri Url, long Limit)> TooLarge { get; } = new();

        public string Name => "two_pages";

        public string Description => "";

        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;

        public Helr.PluginSdk.Auth.IAuthenticator? Authenticator => null;

        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();

        public IEventExtractor Extractor { get; } = new JsonEventExtractor();

        public SourceDefaults Defaults => SourceDefaults.None;

        public IPollCycle BeginCycle(CycleContext context) => recover ? new Recovering(this) : new Plain(this);

        private class Plain(TwoPages source) : IPollCycle
        {
            protected TwoPages Source => source;

            public PageRequest? First => PageRequest.Get(source.Big);

            public PageStep OnPage(PageResponse response, EventBatch events) => PageStep.Stop(PageStep.State("page", response.Url.AbsolutePath));

            public PageStep? OnErrorStatus(PageResponse response) => null;

            public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();
        }

        private sealed class Recovering(TwoPages source) : Plain(source), IPollCycle // re-listed: the hook is mapped here, not to the default
        {
            public PageStep? OnResponseTooLarge(PageRequest request, long maxResponseBytes)
            {
                Source.TooLarge.Add((request.Url, maxResponseBytes));
                if (request.Url == Source.Small) throw new InvalidOperationException("even the small page is too large");
                return PageStep.Continue(PageRequest.Get(Source.Small), PageStep.State("smaller", "yes"));
            }
        }

        public Uri Big => big;

        public Uri Small => small;
    }

    private static async Task<(HarnessCycle Cycle, TwoPages Source)> RunAsync(bool recover, string smallBody)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/big", _ => FakeResponse.Json($$"""[{"n":"{{new string('x', 4096)}}"}]"""));
        api.OnGet("/small", _ => FakeResponse.Json(smallBody));
        var source = new TwoPages(new Uri(api.Url("/big")), new Uri(api.Url("/small")), recover);
        using var harness = SourceHarness.Create(source, "max_response_bytes: 1024", api);
        return (await harness.RunCycleAsync(), source);
    }

    [Fact]
    public async Task A_cycle_that_recovers_gets_the_request_and_the_limit_and_its_smaller_page_is_written()
    {
        var (cycle, source) = await RunAsync(recover: true, """[{"n":1},{"n":2}]""");

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "1", "2" }, cycle.EventField("n"));
        Assert.Equal(("yes", "/small"), (cycle.State["smaller"], cycle.State["page"]));
        Assert.Equal((source.Big, 1024L), Assert.Single(source.TooLarge));
        Assert.Contains(cycle.Log, l => l.Contains("max_response_bytes (1024 bytes)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_the_cycle_fails_naming_max_response_bytes_and_writes_nothing()
    {
        var (cycle, _) = await RunAsync(recover: false, "[]");

        Assert.Contains("exceeds max_response_bytes (1024 bytes)", cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Empty(cycle.State);
    }

    [Fact]
    public async Task An_exception_the_cycle_throws_there_fails_the_cycle_with_its_message()
    {
        var (cycle, source) = await RunAsync(recover: true, $$"""[{"n":"{{new string('y', 4096)}}"}]""");

        Assert.Equal("even the small page is too large", cycle.Error);
        Assert.Equal(2, source.TooLarge.Count);
        Assert.Empty(cycle.Lines);
    }
}
