using System.Text.Json.Nodes;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Reads the next cursor at <c>cursor_path</c> and sends it as <c>cursor_param</c> (query for GET,
/// merged into the JSON body for POST). State key <c>cursor</c>; cleared when a page has no cursor.
/// </summary>
public sealed class CursorCycle : DeclarativeCycle
{
    /// <summary>The state key holding the cursor to resume from.</summary>
    public const string StateKey = "cursor";

    private static readonly string[] ExpiredMarkers = { "expired", "invalid cursor", "cursor invalid", "invalid_cursor" };
    private readonly JsonPath _cursorPath;
    private string? _sentCursor;

    /// <summary>Starts a cycle from the stored cursor or the first-request URL.</summary>
    public CursorCycle(DeclarativeOptions options, CycleContext context) : base(options, context)
    {
        _cursorPath = JsonPath.Parse(options.Pagination!.CursorPath!);
        var stored = context.State.Get(StateKey);
        First = string.IsNullOrEmpty(stored) ? Request(FirstRequestUrl()) : WithCursor(stored);
    }

    /// <inheritdoc />
    public override PageRequest? First { get; }

    /// <inheritdoc />
    protected override PageStep Next(PageResponse response, EventBatch events)
    {
        if (events.ParseError is not null) return PageStep.Stop();
        var cursor = _cursorPath.ReadString(response.Body.Span);
        if (string.IsNullOrEmpty(cursor)) return PageStep.Stop(PageStep.State(StateKey, ""));
        var checkpoint = PageStep.State(StateKey, cursor);
        var emptyStop = events.Count == 0 && Options.Pagination!.StopOnEmptyPage;
        if (emptyStop || Pages >= MaxPages || OverByteBudget) return PageStep.Stop(checkpoint);
        return PageStep.Continue(WithCursor(cursor), checkpoint);
    }

    /// <inheritdoc />
    public override PageStep? OnErrorStatus(PageResponse response)
    {
        // Auth and rate-limit failures are never about the cursor, even when their body says "expired".
        if (!Options.ResetOnCursorError || _sentCursor is null || response.StatusCode is < 400 or >= 500 or 401 or 403 or 429) return null;
        var body = System.Text.Encoding.UTF8.GetString(response.Body.Span[..Math.Min(response.Body.Length, 4096)]).ToLowerInvariant();
        if (response.StatusCode != 410 && !ExpiredMarkers.Any(body.Contains)) return null;
        Context.Log.Warn($"source {Context.SourceId}: the API rejected the stored cursor (HTTP {response.StatusCode}); on_cursor_error is reset, so the next cycle starts from the first request");
        return PageStep.Stop(PageStep.State(StateKey, ""));
    }

    private PageRequest WithCursor(string cursor)
    {
        _sentCursor = cursor;
        var param = Options.Pagination!.CursorParam!;
        if (Options.Method != HttpMethod.Post) return Request(QueryString.Append(Options.Url!, param, cursor));
        var body = (Options.Body is null ? null : JsonNode.Parse(Options.Body)) as JsonObject ?? new JsonObject();
        body[param] = cursor;
        return Request(Options.Url!, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
    }
}
