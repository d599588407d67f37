using System.Text.Json.Nodes;
using Helr.Kernel.Config;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Helr.Kernel.Api;

/// <summary><c>/api/v1/sources</c>: list, one source, its stored state, its config, and a poll on demand.</summary>
internal static class SourceEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapRead("/api/v1/sources", http => ApiJson.WriteAsync(http, 200, HealthEndpoints.Head(api, ("sources", HealthEndpoints.Sources(api)))));
        app.MapRead("/api/v1/sources/{id}", http => Known(http, api, id =>
        {
            // Read once more: a reload may have removed the source since Known looked.
            if (api.Board.Get(id) is not { } status) return NotFound(http, id);
            var json = SourceStatusJson.Build(status, api.Scheduler.Runner(id), api.Time.GetUtcNow());
            json["source_id"] = id;
            return ApiJson.WriteAsync(http, 200, json);
        }));
        app.MapRead("/api/v1/sources/{id}/state", http => Known(http, api, async id =>
        {
            IReadOnlyDictionary<string, string> state;
            try
            {
                state = await api.Store.PeekAsync(id, http.RequestAborted);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                await ApiJson.ErrorAsync(http, 500, $"state store: {ex.Message}", id);
                return;
            }
            var values = new JsonObject();
            var shown = StoredValues.Shown(state, UrlSecretParameters.Of(api.Sources().Find(id)?.Config.Block));
            foreach (var (key, value) in shown.OrderBy(kv => kv.Key, StringComparer.Ordinal)) values[key] = value;
            await ApiJson.WriteAsync(http, 200, new JsonObject { ["source_id"] = id, ["state"] = values });
        }));
        app.MapRead("/api/v1/sources/{id}/config", http => Known(http, api, id =>
        {
            var config = api.Config();
            var json = new JsonObject
            {
                ["source_id"] = id,
                ["plugin"] = api.Sources().Find(id)?.PluginName,
                ["config"] = ConfigRedaction.Redact(config.RawSource(id)),
            };
            return ApiJson.WriteAsync(http, 200, json);
        }));
        app.MapPost("/api/v1/sources/{id}/poll", http => Known(http, api, (request, id) => NotPolled(request, api, id), async id =>
        {
            if (!api.Scheduler.Continuous)
            {
                await NotPolled(http, api, id);
                return;
            }
            var outcome = await api.Scheduler.PollNowAsync(id);
            if (outcome is null)
            {
                // Configured with no loop: a reload stopped it and starts the new one once every stopped source has
                // stopped. Listed only (a removed source's cycle that came back late): not found, as before.
                await (api.Sources().Find(id) is null ? PollNotFound(http, id) : NotPolled(http, api, id));
                return;
            }
            // A failed poll is a failure: 502, the vendor API or the path to it failed.
            await ApiJson.WriteAsync(http, outcome.Ok ? 200 : 502, Outcome(outcome));
        }));
    }

    private static JsonObject Outcome(CycleOutcome outcome) => new()
    {
        ["source_id"] = outcome.SourceId,
        ["ok"] = outcome.Ok,
        ["pages"] = outcome.Pages,
        ["events"] = outcome.Events,
        ["duplicates"] = outcome.Duplicates,
        ["newest_event_time"] = ApiJson.Time(outcome.NewestEventTime),
        ["error"] = outcome.Error?.Message,
    };

    // The server answers before the scheduler has started the sources (and a reload adds a source to the config
    // before its loop, or restarts a changed one): a configured source without a loop is 503, to ask again, not
    // "source not found".
    // A continuous run stopping is not a one-cycle run: "run without --once" misled whoever asked then.
    private static Task NotPolled(HttpContext http, ApiContext api, string id)
    {
        if (api.Board.Get(id) is null && api.Sources().Find(id) is null) return PollNotFound(http, id);
        var why = api.Scheduler.Ended ? "helr is shutting down; poll not run"
            : api.Scheduler.OneCycle ? "trigger poll not available (run without --once)"
            : api.Scheduler.Continuous ? "a reload is restarting the source; poll not run"
            : "helr is starting; poll not run";
        return ApiJson.WriteAsync(http, 503, new JsonObject { ["source_id"] = id, ["ok"] = false, ["error"] = why });
    }

    // Upstream's trigger poll answers its 404 in the shape of its other answers, with "ok": false.
    private static Task PollNotFound(HttpContext http, string id) =>
        ApiJson.WriteAsync(http, 404, new JsonObject { ["source_id"] = id, ["ok"] = false, ["error"] = "source not found" });

    private static Task NotFound(HttpContext http, string id) => ApiJson.ErrorAsync(http, 404, "source not found", id);

    // Unknown ids answer 404 with a JSON error before the handler runs.
    private static Task Known(HttpContext http, ApiContext api, Func<string, Task> handler) => Known(http, api, NotFound, handler);

    private static Task Known(HttpContext http, ApiContext api, Func<HttpContext, string, Task> notFound, Func<string, Task> handler)
    {
        var id = ApiJson.RouteId(http)!;
        return api.Board.Get(id) is null ? notFound(http, id) : handler(id);
    }
}
