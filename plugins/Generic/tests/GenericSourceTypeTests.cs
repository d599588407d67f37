using Helr.Plugins.Generic.Tests.Support;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Tests;

public class GenericSourceTypeTests
{
    internal static ISource? Create(ConfigNode config) =>
        new GenericSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = new FakeEnvironment(), ConfigDirectory = "/etc/helr" });

    [Fact]
    public void Valid_link_header_source_builds_a_declarative_source()
    {
        var config = ConfigTree.Source("""
            {"url": "https://api.example.com/v1/audit", "auth": {"type": "bearer", "token_env": "API_TOKEN"},
             "pagination": {"strategy": "link_header", "rel": "next", "max_pages": 20}, "query_params": {"limit": 500}}
            """);
        var source = Assert.IsType<DeclarativeSource>(Create(config));
        config.ReportUnknownKeys();
        Assert.Empty(config.Errors.All);
        Assert.IsType<BearerAuthenticator>(source.Authenticator);
        Assert.Equal("https://api.example.com/v1/audit", source.Options.Url!.AbsoluteUri);
        Assert.Equal(new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, MaxPages = 20 }, source.Options.Pagination);
        Assert.Equal("limit=500", string.Join("&", source.Options.QueryParams.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [Fact]
    public void Valid_cursor_post_source_keeps_its_body()
    {
        var config = ConfigTree.Source("""
            {"url": "https://api.example.com/v1/events", "method": "post", "body": {"limit": 100, "filter": {"kind": "audit"}},
             "pagination": {"strategy": "cursor", "cursor_param": "cursor", "cursor_path": "meta.next"},
             "on_cursor_error": "reset", "response_events_path": "items"}
            """);
        var source = Assert.IsType<DeclarativeSource>(Create(config));
        config.ReportUnknownKeys();
        Assert.Empty(config.Errors.All);
        Assert.Equal(HttpMethod.Post, source.Options.Method);
        Assert.Equal("""{"limit":100,"filter":{"kind":"audit"}}""", System.Text.Encoding.UTF8.GetString(source.Options.Body!));
        Assert.True(source.Options.ResetOnCursorError);
        Assert.Null(source.Authenticator);
    }

    [Fact]
    public void Built_source_starts_from_stored_state()
    {
        var config = ConfigTree.Source("""
            {"url": "https://api.example.com/logs", "from": "2024-01-01", "query_params": {"limit": 10},
             "state": {"watermark_field": "published", "watermark_param": "since"}}
            """);
        var source = Create(config)!;
        var context = new CycleContext { SourceId = "s", State = new DictionaryState(("watermark", "2024-03-01")), Sender = new UnusedSender(), Log = new SilentLogger() };
        Assert.Equal("https://api.example.com/logs?since=2024-03-01&limit=10", source.BeginCycle(context).First!.Url.AbsoluteUri);
    }

    [Fact]
    public void Source_without_pagination_is_single_page()
    {
        var config = ConfigTree.Source("""{"url": "https://api.example.com/logs"}""");
        var source = Create(config)!;
        var source2 = Assert.IsType<DeclarativeSource>(source);
        Assert.Null(source2.Options.Pagination);
    }

    [Fact]
    public void Plugin_describes_itself_and_offers_generic()
    {
        var plugin = new GenericPlugin();
        Assert.Equal("generic", plugin.Info.Name);
        Assert.Equal("0.1.1", plugin.Info.Version);
        Assert.Equal("generic", Assert.Single(plugin.SourceTypes).Name);
    }
}
