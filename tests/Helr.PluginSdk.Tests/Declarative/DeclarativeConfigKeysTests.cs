using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>
/// The keys <see cref="DeclarativeConfigKeys"/> lists are the keys <see cref="DeclarativeReader"/> reads
/// (a key added to one and not the other fails here), and the defaults shown are the options' own.
/// </summary>
public sealed class DeclarativeConfigKeysTests
{
    // A source type that is nothing but the declarative reader.
    private sealed class ReaderOnly(DeclarativeOptions? defaults) : ISourceType
    {
        public string Name => "reader";

        public string Description => "the declarative reader alone";

        public IReadOnlyList<ConfigKeyInfo> ConfigKeys => DeclarativeConfigKeys.For(defaults);

        public ISource? Create(ConfigNode config, SourceBuildContext context)
        {
            DeclarativeReader.Read(config, defaults);
            return null;
        }
    }

    private static readonly DeclarativeOptions Vendor = new()
    {
        Url = new Uri("https://api.vendor.example/v1/audit"),
        Headers = [new("X-Api-Key", "s3cret-default")],
        QueryParams = [new("limit", "500")],
        EventsPath = "events",
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.Cursor, CursorParam = "cursor", CursorPath = "next_cursor", MaxPages = 15 },
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "time", Param = "since" },
    };

    [Theory]
    [InlineData("link_header")]
    [InlineData("cursor")]
    [InlineData("page_offset")]
    [InlineData("offset")]
    public void Every_listed_key_is_read_and_every_key_read_is_listed(string strategy)
    {
        var source = $$$"""{"url": "https://api.example.com/logs", "pagination": {"strategy": "{{{strategy}}}"}, "state": {}, "incremental_from": {}}""";
        foreach (var defaults in new[] { null, Vendor })
        {
            var mismatches = ConfigKeysCheck.Mismatches(new ReaderOnly(defaults), [source]);
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        }
    }

    [Fact]
    public void Without_defaults_url_is_required_and_the_reader_s_own_defaults_show()
    {
        var keys = DeclarativeConfigKeys.For().ToDictionary(k => k.Name);
        Assert.True(keys["url"].Required);
        Assert.Null(keys["url"].Default);
        Assert.Equal("get", keys["method"].Default);
        Assert.Equal("since", keys["from_param"].Default);
        Assert.Equal("100", keys["pagination.max_pages"].Default);
        Assert.Null(keys["pagination.strategy"].Default);
        Assert.Equal("watermark", keys["state.state_key"].Default);
        Assert.All(keys.Values, k => Assert.False(string.IsNullOrWhiteSpace(k.Description), k.Name));
    }

    [Fact]
    public void A_source_type_s_defaults_show_and_header_values_do_not()
    {
        var keys = DeclarativeConfigKeys.For(Vendor).ToDictionary(k => k.Name);
        Assert.False(keys["url"].Required);
        Assert.Equal("https://api.vendor.example/v1/audit", keys["url"].Default);
        Assert.Equal("cursor", keys["pagination.strategy"].Default);
        Assert.Equal("cursor", keys["pagination.cursor_param"].Default);
        Assert.Equal("15", keys["pagination.max_pages"].Default);
        Assert.Equal("{limit: 500}", keys["query_params"].Default);
        Assert.Equal("time", keys["state.watermark_field"].Default);
        // A default header may be a credential: only its name is shown.
        Assert.Equal("{X-Api-Key}", keys["headers"].Default);
        Assert.DoesNotContain(keys.Values, k => k.Default?.Contains("s3cret", StringComparison.Ordinal) == true);
    }
}
