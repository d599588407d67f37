using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>Every problem is reported with its key path, all at once, and the source is not built.</summary>
public class GenericValidationTests
{
    private static IReadOnlyList<string> Errors(string json)
    {
        var config = ConfigTree.Source(json);
        Assert.Null(GenericSourceTypeTests.Create(config));
        return config.Messages();
    }

    [Fact]
    public void Url_is_required() =>
        Assert.Equal(new[] { "sources.s.url: required" }, Errors("{}"));

    [Theory]
    [InlineData("""{"url": "https://a.example.com/", "from": ""}""", "since")]
    [InlineData("""{"url": "https://a.example.com/", "from": "  ", "from_param": "start_time"}""", "start_time")]
    public void An_empty_from_is_an_error_naming_the_key_not_an_empty_parameter(string json, string param) =>
        Assert.Equal(new[] { $"sources.s.from: must not be empty: it would be sent as an empty {param}=; leave the key out to send no range start" }, Errors(json));

    [Fact]
    public void Url_must_be_http() =>
        Assert.Equal(new[] { "sources.s.url: 'ftp://x.example.com/' is not an absolute http:// or https:// URL" },
            Errors("""{"url": "ftp://x.example.com/"}"""));

    [Fact]
    public void Cursor_strategy_needs_its_param_and_path() =>
        Assert.Equal(new[] { "sources.s.pagination.cursor_param: required", "sources.s.pagination.cursor_path: required" },
            Errors("""{"url": "https://a.example.com/", "pagination": {"strategy": "cursor"}}"""));

    [Fact]
    public void Page_offset_strategy_needs_page_param_limit_param_and_limit() =>
        Assert.Equal(new[]
        {
            "sources.s.pagination.page_param: required",
            "sources.s.pagination.limit_param: required",
            "sources.s.pagination.limit: required",
        }, Errors("""{"url": "https://a.example.com/", "pagination": {"strategy": "page_offset"}}"""));

    [Fact]
    public void Misspelt_strategy_lists_the_options_and_suggests_one() =>
        Assert.Equal(new[] { "sources.s.pagination.strategy: 'cursr' is not one of: link_header, cursor, page_offset, offset; did you mean 'cursor'?" },
            Errors("""{"url": "https://a.example.com/", "pagination": {"strategy": "cursr"}}"""));

    [Fact]
    public void Unknown_strategy_lists_the_options() =>
        Assert.Equal(new[] { "sources.s.pagination.strategy: 'scroll' is not one of: link_header, cursor, page_offset, offset" },
            Errors("""{"url": "https://a.example.com/", "pagination": {"strategy": "scroll"}}"""));

    [Fact]
    public void Missing_strategy_is_required() =>
        Assert.Equal(new[] { "sources.s.pagination.strategy: required" },
            Errors("""{"url": "https://a.example.com/", "pagination": {"max_pages": 5}}"""));

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var expected = new[]
        {
            "sources.s.auth.token_env: environment variable MISSING_TOKEN is not set",
            "sources.s.url: required",
            "sources.s.method: 'delete' is not one of: get, post",
            "sources.s.max_bytes: must be at least 1, found 0: 0 is not unlimited: every page is over it, so upstream reads one page per poll "
                + "(and none with cursor paging); leave max_bytes out for no byte limit, or set pagination.max_pages: 1",
            "sources.s.query_params.flag: expected a string or whole number, found 'true' (quote it to send it as text)",
            "sources.s.pagination.max_pages: must be at least 1, found 0: 0 is not unlimited, it would fetch no page (as upstream's page_offset and offset do)",
            "sources.s.state.watermark_param: required",
            "sources.s.on_cursor_error: 'ignore' is not one of: reset, fail",
        };
        var actual = Errors("""
            {"auth": {"type": "bearer", "token_env": "MISSING_TOKEN"}, "method": "delete", "max_bytes": 0,
             "query_params": {"flag": true}, "on_cursor_error": "ignore",
             "pagination": {"strategy": "link_header", "max_pages": 0}, "state": {"watermark_field": "ts"}}
            """);
        // The order readers run in is not part of the contract; the set of messages is.
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Incremental_from_needs_all_three_keys() =>
        Assert.Equal(new[]
        {
            "sources.s.incremental_from.state_key: required",
            "sources.s.incremental_from.event_timestamp_path: required",
            "sources.s.incremental_from.param_name: required",
        }, Errors("""{"url": "https://a.example.com/", "incremental_from": {}}"""));

    [Fact]
    public void Misspelt_auth_type_suggests_one() =>
        Assert.Equal(new[] { "sources.s.auth.type: 'beare' is not one of: bearer, api_key, basic, oauth2, google_service_account; did you mean 'bearer'?" },
            Errors("""{"url": "https://a.example.com/", "auth": {"type": "beare", "token_env": "API_TOKEN"}}"""));

    // The watermark stored under `cursor` was sent as the next cycle's cursor (the API refused it);
    // under `offset`, an epoch watermark became the item offset and every event before it was skipped.
    [Theory]
    [InlineData("cursor", """{"strategy": "cursor", "cursor_param": "c", "cursor_path": "next"}""", "cursor")]
    [InlineData("offset", """{"strategy": "offset", "offset_param": "o", "limit_param": "l", "limit": 10}""", "offset")]
    [InlineData("next_url", """{"strategy": "link_header"}""", "link_header")]
    public void A_watermark_under_the_key_pagination_keeps_its_position_in_is_refused(string key, string pagination, string strategy) =>
        Assert.Equal(new[]
        {
            $"sources.s.state.state_key: '{key}' would share the state key '{key}' that pagination.strategy {strategy} keeps its position in, "
                + "and each would overwrite the other; choose another name",
        }, Errors($$$"""
            {"url": "https://a.example.com/", "pagination": {{{pagination}}},
             "state": {"watermark_field": "ts", "watermark_param": "since", "state_key": "{{{key}}}"}}
            """));

    // next_url_query / cursor_query hold the fingerprint of the stored position's query: a watermark there was taken for an edited query.
    [Theory]
    [InlineData("next_url_query", """{"strategy": "link_header"}""", "link_header")]
    [InlineData("cursor_query", """{"strategy": "cursor", "cursor_param": "c", "cursor_path": "next"}""", "cursor")]
    [InlineData("offset_query", """{"strategy": "offset", "offset_param": "o", "limit_param": "l", "limit": 10}""", "offset")]
    public void A_watermark_under_the_key_of_the_positions_query_fingerprint_is_refused(string key, string pagination, string strategy) =>
        Assert.Equal(new[]
        {
            $"sources.s.state.state_key: '{key}' would share the state key '{key}' that pagination.strategy {strategy} "
                + "keeps its position in, and each would overwrite the other; choose another name",
        }, Errors($$$"""
            {"url": "https://a.example.com/", "pagination": {{{pagination}}},
             "state": {"watermark_field": "ts", "watermark_param": "since", "state_key": "{{{key}}}"}}
            """));

    [Fact]
    public void Incremental_from_and_state_under_one_key_are_refused() =>
        Assert.Equal(new[]
        {
            "sources.s.incremental_from.state_key: 'watermark' would share state keys with state.state_key 'watermark' "
                + "(each keeps <key>, <key>_pending, <key>_ids and <key>_pending_ids), and each would overwrite the other; choose another name",
        }, Errors("""
            {"url": "https://a.example.com/", "state": {"watermark_field": "ts", "watermark_param": "since"},
             "incremental_from": {"state_key": "watermark", "event_timestamp_path": "ts", "param_name": "oldest"}}
            """));

    [Fact]
    public void Tracked_keys_of_their_own_names_are_accepted()
    {
        var config = ConfigTree.Source("""
            {"url": "https://a.example.com/", "pagination": {"strategy": "cursor", "cursor_param": "c", "cursor_path": "next"},
             "state": {"watermark_field": "ts", "watermark_param": "since", "state_key": "last_ts"},
             "incremental_from": {"state_key": "oldest_ts", "event_timestamp_path": "ts", "param_name": "oldest"}}
            """);
        Assert.NotNull(GenericSourceTypeTests.Create(config));
        Assert.Empty(config.Messages());
    }

    // rel "" matched no link: one page per cycle, the watermark moved past the pages never read.
    [Fact]
    public void Optional_keys_written_empty_are_refused() =>
        Assert.Equal(new[]
        {
            "sources.s.from_param: must not be empty",
            "sources.s.pagination.rel: must not be empty",
            "sources.s.state.state_key: must not be empty",
        }, Errors("""
            {"url": "https://a.example.com/", "from": "2024-01-01T00:00:00Z", "from_param": "",
             "pagination": {"strategy": "link_header", "rel": ""},
             "state": {"watermark_field": "ts", "watermark_param": "since", "state_key": ""}}
            """).Order(StringComparer.Ordinal));
}
