using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

/// <summary>
/// A cursor source whose query is edited while a traversal is under way: a cursor request carries the
/// url and the cursor alone, so resuming the stored cursor kept collecting the old query until the
/// traversal ended (on an API that always hands back a cursor, never).
/// </summary>
public class CursorQueryEditTests
{
    private const string Url = "https://api.example.com/v1/events";

    private static DeclarativeOptions Options(params (string, string)[] query) => CursorCycleTests.Options(maxPages: 1) with
    {
        QueryParams = query.Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2)).ToArray(),
        Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
    };

    private const string Page = """{"data": [{"ts": "2024-01-02"}], "meta": {"next": "c2"}}""";

    // The first cycle of a traversal, cut short by max_pages with its cursor stored.
    private static DictionaryState CutShort(DeclarativeOptions options)
    {
        var stored = new Dictionary<string, string> { ["watermark"] = "2024-01-01" };
        var cycle = new CursorCycle(options, Pages.Context(new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray())));
        foreach (var (key, value) in cycle.Page(cycle.First!, Page).Checkpoint) stored[key] = value;
        Assert.Equal("c2", stored["cursor"]);
        return new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    [Fact]
    public void An_edited_query_param_starts_the_traversal_again_from_the_watermark_with_it()
    {
        var state = CutShort(Options(("filter", "login")));
        var log = new RecordingLogger();

        var cycle = new CursorCycle(Options(("limit", "2")), Pages.Context(state, log));

        Assert.Equal(Url + "?since=2024-01-01&limit=2", cycle.First!.Url.AbsoluteUri);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("changed since the stored cursor was made", warning);
        Assert.DoesNotContain("login", warning);
        Assert.DoesNotContain("c2", warning);
    }

    // auth inside author, key inside keyword is no credential: a source filtering on either kept the old filter's traversal.
    [Theory]
    [InlineData("author")]
    [InlineData("authored_by")]
    [InlineData("keyword")]
    [InlineData("keywords")]
    public void An_edited_filter_whose_name_holds_a_credential_word_starts_the_traversal_again(string name)
    {
        var state = CutShort(Options((name, "alice")));
        var log = new RecordingLogger();

        var cycle = new CursorCycle(Options((name, "bob")), Pages.Context(state, log));

        Assert.Equal(Url + $"?since=2024-01-01&{name}=bob", cycle.First!.Url.AbsoluteUri);
        Assert.Contains("changed since the stored cursor was made", Assert.Single(log.Warnings));
    }

    // A rotated credential changes no query: the traversal goes on.
    [Theory]
    [InlineData("api_key")]
    [InlineData("token")]
    [InlineData("auth")]
    [InlineData("sig")]
    public void An_edited_credential_parameter_resumes_the_cursor(string name)
    {
        var state = CutShort(Options((name, "old-secret-value")));
        var log = new RecordingLogger();

        var cycle = new CursorCycle(Options((name, "new-secret-value")), Pages.Context(state, log));

        Assert.Equal(Url + "?cursor=c2", cycle.First!.Url.AbsoluteUri);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public void The_same_query_resumes_the_cursor_and_a_completed_traversal_clears_its_fingerprint()
    {
        var state = CutShort(Options(("filter", "login")));
        var log = new RecordingLogger();

        var cycle = new CursorCycle(Options(("filter", "login")), Pages.Context(state, log));

        Assert.Equal(Url + "?cursor=c2", cycle.First!.Url.AbsoluteUri);
        Assert.Empty(log.Warnings);
        var done = cycle.Page(cycle.First!, """{"data": [], "meta": {}}""").Checkpoint;
        Assert.Equal("", done["cursor"]);
        Assert.Equal("", done["cursor_query"]);
    }

    // State of an earlier version, or a cursor set by hand: unknown is not "changed", so an upgrade restarts nothing.
    [Fact]
    public void A_cursor_stored_without_a_fingerprint_is_resumed_and_the_fingerprint_stored_with_the_next_page()
    {
        var log = new RecordingLogger();
        var cycle = new CursorCycle(Options(("limit", "2")), Pages.Context(new DictionaryState(("cursor", "old")), log));

        Assert.Equal(Url + "?cursor=old", cycle.First!.Url.AbsoluteUri);
        Assert.Empty(log.Warnings);
        Assert.Matches("^[0-9a-f]{32}$", cycle.Page(cycle.First!, Page).Checkpoint["cursor_query"]);
    }

    // A traversal that completes with its cursor kept (an empty page, or the API handing back the cursor
    // just sent) moves the watermark, and from then on `from` is no longer the range start and leaves the
    // fingerprint: the cursor stored with the fingerprint of before read as an edited query at the next
    // cycle, which warned of an edit nobody made and left the cursor for a new traversal.
    [Fact]
    public void A_cursor_kept_by_the_first_completed_traversal_with_from_is_resumed_without_a_warning()
    {
        var options = CursorCycleTests.Options() with
        {
            FromWritten = true,
            Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
        };
        var stored = new Dictionary<string, string>();
        var first = new CursorCycle(options, Pages.Context(new DictionaryState()));
        Assert.Equal(Url + "?since=2024-01-01&limit=2", first.First!.Url.AbsoluteUri);
        var step = first.Page(first.First!, Page);
        foreach (var (key, value) in step.Checkpoint) stored[key] = value;
        foreach (var (key, value) in first.Page(step.Next!, """{"data": [], "meta": {"next": "c3"}}""").Checkpoint) stored[key] = value;
        Assert.Equal("2024-01-02", stored["watermark"]);
        Assert.Equal("c3", stored["cursor"]);
        var log = new RecordingLogger();

        var next = new CursorCycle(options, Pages.Context(new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray()), log));

        Assert.Empty(log.Warnings);
        Assert.Equal(Url + "?cursor=c3", next.First!.Url.AbsoluteUri);
    }

    // The same with link_header: a next link kept by a completed traversal (an empty page).
    [Fact]
    public void A_next_link_kept_by_the_first_completed_traversal_with_from_is_resumed_without_a_warning()
    {
        const string Logs = "https://api.example.com/v1/logs";
        var options = new DeclarativeOptions
        {
            Url = new Uri(Logs),
            From = "2024-01-01",
            FromWritten = true,
            Pagination = new PaginationOptions { Strategy = PaginationStrategy.LinkHeader, MaxPages = 100 },
            Watermark = new TrackedFieldOptions { StateKey = "watermark", EventPath = "ts", Param = "since" },
        };
        var stored = new Dictionary<string, string>();
        var first = new LinkHeaderCycle(options, Pages.Context(new DictionaryState()));
        var step = first.Page(first.First!, """[{"ts": "2024-01-02"}]""", $"<{Logs}?after=2>; rel=\"next\"");
        foreach (var (key, value) in step.Checkpoint) stored[key] = value;
        foreach (var (key, value) in first.Page(step.Next!, "[]", $"<{Logs}?after=3>; rel=\"next\"").Checkpoint) stored[key] = value;
        Assert.Equal("2024-01-02", stored["watermark"]);
        Assert.Equal(Logs + "?after=3", stored["next_url"]);
        var log = new RecordingLogger();

        var next = new LinkHeaderCycle(options, Pages.Context(new DictionaryState(stored.Select(kv => (kv.Key, kv.Value)).ToArray()), log));

        Assert.Empty(log.Warnings);
        Assert.Equal(Logs + "?after=3", next.First!.Url.AbsoluteUri);
    }
}
