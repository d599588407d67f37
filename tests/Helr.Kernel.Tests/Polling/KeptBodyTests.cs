using System.Text;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>
/// <c>PageResponse.Body</c> is valid only during the call that received it: its buffer is shared with
/// other sources once the cycle's last page is rendered. A plugin that keeps it (here: until
/// <c>Finish</c>, which worked before buffers were shared) reads the test kit's marker in its own tests,
/// not, as it would in production, another source's page.
/// </summary>
public sealed class KeptBodyTests
{
    private sealed class Keeper(Uri url) : ISourceType, ISource
    {
        public string Name => "keeper";

        public string Description => "";

        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;

        public Helr.PluginSdk.Auth.IAuthenticator? Authenticator => null;

        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();

        public IEventExtractor Extractor { get; } = new JsonEventExtractor();

        public SourceDefaults Defaults => SourceDefaults.None;

        public IPollCycle BeginCycle(CycleContext context) => new Cycle(url);

        private sealed class Cycle(Uri url) : IPollCycle
        {
            private ReadOnlyMemory<byte> _kept; // the mistake: a slice of the body, not a copy

            public PageRequest? First => PageRequest.Get(url);

            public PageStep OnPage(PageResponse response, EventBatch events)
            {
                _kept = response.Body;
                return PageStep.Stop();
            }

            public PageStep? OnErrorStatus(PageResponse response) => null;

            public IReadOnlyDictionary<string, string> Finish() => PageStep.State("kept", Encoding.UTF8.GetString(_kept.Span));
        }
    }

    [Fact]
    public async Task A_body_kept_past_its_call_reads_the_test_kits_marker()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"who":"aaaa"}]"""));
        using var harness = SourceHarness.Create(new Keeper(new Uri(api.Url("/a"))), "", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var kept = cycle.State["kept"];
        Assert.Equal(16, kept.Length); // the page's length, read again after the page
        Assert.StartsWith(kept, "helr: this body was given back; PageResponse.Body is valid only during the call that received it. ");
    }
}
