using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Acme.Tests;

/// <summary>The sample source, pointed at a fake Acme API, run in-process through helr's own kernel.</summary>
public sealed class AcmeCollectionTests
{
    private static string SampleAgainst(FakeVendorServer server) =>
        PluginTestFiles.SampleSourceKeys(l => l.Replace("https://api.acme.example", server.BaseUrl.AbsoluteUri.TrimEnd('/')));

    [Fact]
    public async Task Follows_the_cursor_and_writes_every_event_once()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnSequence("GET", "/v1/audit", PluginTestFiles.Json("events-page1.json"), PluginTestFiles.Json("events-page2.json"));
        using var harness = SourceHarness.Create(new AcmeSourceType(), SampleAgainst(server), server, new TokenEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "e1", "e2", "e3" }, cycle.EventField("id"));
        Assert.Equal(2, cycle.Requests.Count);
        Assert.All(cycle.Requests, r => Assert.Equal("Bearer t0ken", r.Header("Authorization")));
        Assert.Equal("c2", cycle.Requests[1].Param("cursor"));
    }

    [Fact]
    public void A_source_without_url_is_refused_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SourceHarness.Create(new AcmeSourceType(), "auth:\n  type: bearer\n  token_env: ACME_TOKEN", environment: new TokenEnvironment()));
        Assert.Contains("url", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The environment the source reads its token from.</summary>
    private sealed class TokenEnvironment : IHelrEnvironment
    {
        public string? GetVariable(string name) => name == "ACME_TOKEN" ? "t0ken" : null;

        public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

        public bool CanRead(string path) => false;
    }
}
