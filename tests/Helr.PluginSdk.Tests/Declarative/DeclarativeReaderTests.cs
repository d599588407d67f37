using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>How user keys are laid over a vendor's defaults.</summary>
public class DeclarativeReaderTests
{
    private static readonly DeclarativeOptions Vendor = new()
    {
        Url = new Uri("https://vendor.example.com/api/v1/logs"),
        Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json") },
        QueryParams = new[] { new KeyValuePair<string, string>("limit", "1000") },
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.Cursor, CursorParam = "after", CursorPath = "next", MaxPages = 50 },
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "published", Param = "since" },
    };

    [Fact]
    public void Empty_source_keeps_every_default()
    {
        var node = ConfigTree.Source("{}");
        Assert.Equal(Vendor, DeclarativeReader.Read(node, Vendor));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void User_keys_override_and_headers_merge_case_insensitively()
    {
        var node = ConfigTree.Source("""
            {"url": "https://eu.vendor.example.com/api/v1/logs", "headers": {"accept": "text/plain", "X-Extra": "1"},
             "query_params": {"filter": "x"}, "pagination": {"max_pages": 5}}
            """);
        var options = DeclarativeReader.Read(node, Vendor);
        Assert.Empty(node.Errors.All);
        Assert.Equal("https://eu.vendor.example.com/api/v1/logs", options.Url!.AbsoluteUri);
        Assert.Equal(new[] { "accept=text/plain", "X-Extra=1" }, options.Headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.Equal(new[] { "limit=1000", "filter=x" }, options.QueryParams.Select(h => $"{h.Key}={h.Value}"));
        Assert.Equal(Vendor.Pagination! with { MaxPages = 5 }, options.Pagination);
    }

    // Query parameter names are case-sensitive (Okta's limit, Slack's limit): a user's Limit is another
    // parameter, and taking it for the default's dropped the vendor's limit=1000 without a word.
    [Fact]
    public void A_query_param_replaces_only_the_default_of_exactly_its_name()
    {
        var node = ConfigTree.Source("""{"query_params": {"Limit": 50}}""");
        var options = DeclarativeReader.Read(node, Vendor);
        Assert.Equal(new[] { "limit=1000", "Limit=50" }, options.QueryParams.Select(h => $"{h.Key}={h.Value}"));
        node = ConfigTree.Source("""{"query_params": {"limit": 50}}""");
        Assert.Equal(new[] { "limit=50" }, DeclarativeReader.Read(node, Vendor).QueryParams.Select(h => $"{h.Key}={h.Value}"));
    }

    [Fact]
    public void A_query_param_named_like_a_page_offset_param_is_warned_about()
    {
        var node = ConfigTree.Source("""
            {"url": "https://x.example.com/", "query_params": {"per_page": 50, "type": "a"},
             "pagination": {"strategy": "page_offset", "page_param": "page", "limit_param": "per_page", "limit": 100}}
            """);
        DeclarativeReader.Read(node);
        Assert.False(node.Errors.HasErrors);
        var warning = Assert.Single(node.Errors.Warnings);
        Assert.Equal("sources.s.query_params.per_page: names pagination.limit_param, which Helr sets on every page; this entry is not sent", $"{warning.Path}: {warning.Message}");
    }

    [Fact]
    public void A_query_param_named_like_the_range_start_is_warned_about()
    {
        var node = ConfigTree.Source("""
            {"url": "https://x.example.com/", "from": "2024-01-01", "query_params": {"since": "2020-01-01", "after": "x", "type": "a"},
             "state": {"watermark_field": "published", "watermark_param": "after"}}
            """);
        DeclarativeReader.Read(node);
        Assert.False(node.Errors.HasErrors);
        Assert.Equal(new[] { "sources.s.query_params.since: names from_param", "sources.s.query_params.after: names state.watermark_param" },
            node.Errors.Warnings.Select(w => $"{w.Path}: {w.Message[..w.Message.IndexOf(',')]}"));
    }

    [Fact]
    public void Switching_strategy_does_not_inherit_the_vendor_strategy_keys()
    {
        var node = ConfigTree.Source("""{"pagination": {"strategy": "link_header"}}""");
        var options = DeclarativeReader.Read(node, Vendor);
        Assert.Equal(new PaginationOptions { Strategy = PaginationStrategy.LinkHeader }, options.Pagination);
    }

    // Upstream refuses them; here nobody read them, so `limit` under cursor looked like a page size and did nothing.
    [Fact]
    public void A_key_of_another_strategy_is_an_error_naming_the_strategy_that_reads_it()
    {
        // The vendor's strategy (cursor) is the one in force when the block names none.
        var node = ConfigTree.Source("""{"pagination": {"max_pages": 5, "limit": 500, "rel": "next"}}""");
        DeclarativeReader.Read(node, Vendor);
        node.ReportUnknownKeys();
        Assert.Equal(new[]
        {
            "sources.s.pagination.rel: is read only by strategy link_header, and this source pages with cursor: it would do nothing; remove it, or set strategy: link_header if that is the paging meant",
            "sources.s.pagination.limit: is read only by strategy page_offset and offset, and this source pages with cursor: it would do nothing; remove it, or set strategy: page_offset if that is the paging meant",
        }, node.Messages());
    }

    [Fact]
    public void Without_a_valid_strategy_only_the_strategy_and_real_typos_are_reported()
    {
        var node = ConfigTree.Source("""{"url": "https://x.example.com/", "pagination": {"strategy": "page", "page_param": "p", "limit_param": "l", "limit": 5, "max_page": 2}}""");
        DeclarativeReader.Read(node);
        node.ReportUnknownKeys();
        Assert.Equal(new[]
        {
            "sources.s.pagination.strategy: 'page' is not one of: link_header, cursor, page_offset, offset",
            "sources.s.pagination.max_page: unknown key; did you mean 'max_pages'?",
        }, node.Messages());
    }

    [Fact]
    public void Reads_every_generic_key()
    {
        var node = ConfigTree.Source("""
            {"url": "https://a.example.com/x", "method": "post", "body": {"q": 1}, "from": "2024", "from_param": "start",
             "on_cursor_error": "reset", "max_bytes": 1000, "response_events_path": "r.list", "response_event_object_path": "e",
             "state": {"watermark_field": "ts", "watermark_param": "after"},
             "incremental_from": {"state_key": "inc", "event_timestamp_path": "t", "param_name": "p"},
             "pagination": {"strategy": "offset", "offset_param": "o", "limit_param": "l", "limit": 25, "stop_on_empty_page": false}}
            """);
        var o = DeclarativeReader.Read(node);
        node.ReportUnknownKeys();
        Assert.Empty(node.Errors.All);
        Assert.Equal(HttpMethod.Post, o.Method);
        Assert.Equal("""{"q":1}""", System.Text.Encoding.UTF8.GetString(o.Body!));
        Assert.Equal(("2024", "start", true, 1000L), (o.From, o.FromParam, o.ResetOnCursorError, o.MaxBytes));
        Assert.Equal(("r.list", "e"), (o.EventsPath, o.EventObjectPath));
        Assert.Equal(new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "after" }, o.Watermark);
        Assert.Equal(new TrackedFieldOptions { StateKey = "inc", EventPath = "t", Param = "p" }, o.IncrementalFrom);
        Assert.Equal(new PaginationOptions { Strategy = PaginationStrategy.Offset, OffsetParam = "o", LimitParam = "l", Limit = 25, StopOnEmptyPage = false }, o.Pagination);
    }

    [Theory]
    [InlineData("ftp://a.example.com/x")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    public void Url_must_be_absolute_http(string url)
    {
        var node = ConfigTree.Source($$"""{"url": "{{url}}"}""");
        DeclarativeReader.Read(node);
        Assert.Equal(new[] { $"sources.s.url: '{url}' is not an absolute http:// or https:// URL" }, node.Messages());
    }

    [Theory]
    [InlineData("htps://user:S3cret@api.example.com/x", "htps://…@api.example.com/x")]
    [InlineData("htps://api.example.com/x?api_key=S3cret&a=1", "htps://api.example.com/x?…")]
    [InlineData("https://user:S3cret@api.example.com:99999/x?token=S3cret", "https://…@api.example.com:99999/x?…")]
    [InlineData("https://user:pa#ss@host/x", "https://…@host/x")]
    [InlineData("https://user:p@ss@host:99999/x", "https://…@host:99999/x")]
    [InlineData("apiuser:s3cretpw@api.example.com/logs", "…@api.example.com/logs")]
    [InlineData("not a url", "not a url")]
    public void A_bad_url_is_quoted_without_its_user_info_or_query(string url, string shown)
    {
        var node = ConfigTree.Source($$"""{"url": "{{url}}"}""");
        DeclarativeReader.Read(node);
        Assert.Equal(new[] { $"sources.s.url: '{shown}' is not an absolute http:// or https:// URL" }, node.Messages());
    }

    [Fact]
    public void A_header_with_a_line_break_or_a_bad_name_is_refused_without_quoting_its_value()
    {
        // A line break would be sent as is: the rest of the value becomes a header of its own, or ends the request's headers.
        var node = ConfigTree.Source("""{"headers": {"X-Token": "s3cr3t\r\nX-Injected: yes", "X-Trail": "v\n", "Bad Name": "v", "X-Ok": "v"}}""");
        DeclarativeReader.Read(node, Vendor);
        var errors = node.Errors.All.Select(e => e.ToString()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("sources.s.headers.X-Token: ", StringComparison.Ordinal) && e.Contains("line break"));
        Assert.Contains(errors, e => e.StartsWith("sources.s.headers.X-Trail: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("sources.s.headers.Bad Name: ", StringComparison.Ordinal) && e.Contains("not a valid HTTP header name"));
        Assert.DoesNotContain(errors, e => e.Contains("s3cr3t"));
    }

    // Such a path never matches: the cursor is never found (paging stops after the first page), a watermark never moves.
    [Theory]
    [InlineData("""{"pagination": {"cursor_path": ".response_metadata.next_cursor"}}""",
        "sources.s.pagination.cursor_path: '.response_metadata.next_cursor' starts with a dot, as jq writes a path; a dotted path names the keys alone: response_metadata.next_cursor")]
    [InlineData("""{"response_events_path": "$.data.items"}""",
        "sources.s.response_events_path: '$.data.items' is JSONPath; a dotted path names the keys alone: data.items")]
    [InlineData("""{"state": {"watermark_field": "id..time", "watermark_param": "startTime"}}""",
        "sources.s.state.watermark_field: 'id..time' holds an empty key (two dots in a row, or one at the end), which no field is named, so it would never match; write id.time")]
    [InlineData("""{"incremental_from": {"state_key": "t", "event_timestamp_path": "date_create.", "param_name": "oldest"}}""",
        "sources.s.incremental_from.event_timestamp_path: 'date_create.' holds an empty key (two dots in a row, or one at the end), which no field is named, so it would never match; write date_create")]
    [InlineData("""{"response_event_object_path": "."}""",
        "sources.s.response_event_object_path: '.' names no field; write the field's dotted path (e.g. id or actor.id)")]
    public void A_dotted_path_with_an_empty_key_or_jsonpath_is_an_error_naming_the_path_to_write(string json, string error)
    {
        var node = ConfigTree.Source(json);
        DeclarativeReader.Read(node, Vendor);
        Assert.Equal(new[] { error }, node.Errors.All.Select(e => e.ToString()));
    }

    [Fact]
    public void A_dotted_path_of_plain_keys_loads()
    {
        var node = ConfigTree.Source("""{"pagination": {"cursor_path": "response_metadata.next_cursor"}, "response_events_path": "data.items", "state": {"watermark_field": "id.time", "watermark_param": "startTime"}}""");
        var options = DeclarativeReader.Read(node, Vendor);
        Assert.Empty(node.Errors.All);
        Assert.Equal("response_metadata.next_cursor", options.Pagination!.CursorPath);
    }
}
