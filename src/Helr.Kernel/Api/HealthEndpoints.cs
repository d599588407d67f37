using System.Text.Json.Nodes;
using Helr.Kernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Helr.Kernel.Api;

/// <summary><c>/healthz</c>, <c>/readyz</c> and <c>/startupz</c>: the probes (never behind the API token).</summary>
internal static class HealthEndpoints
{
    public static readonly string[] Paths = { "/healthz", "/readyz", "/startupz" };

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapRead("/healthz", http => ApiJson.WriteAsync(http, 200, Health(api)));
        app.MapRead("/startupz", http => ApiJson.WriteAsync(http, 200, Head(api, ("started", true))));
        app.MapRead("/readyz", async http =>
        {
            var output = OutputWritable(api);
            var store = await StoreProbe.AnswersAsync(api.Store, api.Time);
            var healthy = Sources(api).Any(s => (string?)s.Value!["status"] != "unhealthy");
            var ready = output && store && healthy;
            await ApiJson.WriteAsync(http, ready ? 200 : 503, Head(api, ("ready", ready), ("output_writable", output), ("state_store_connected", store),
                ("at_least_one_source_healthy", healthy), ("state_store_fallback_active", api.StateStoreFallbackActive())));
        });
    }

    public static JsonObject Head(ApiContext api, params (string Key, JsonNode? Value)[] more)
    {
        var json = new JsonObject { ["version"] = HelrUserAgent.Version, ["uptime_secs"] = api.UptimeSecs };
        foreach (var (key, value) in more) json[key] = value;
        return json;
    }

    public static JsonObject Health(ApiContext api) =>
        Head(api, ("sources", Sources(api)), ("state_store_fallback_active", api.StateStoreFallbackActive()));

    /// <summary>Every running source's status, by id.</summary>
    public static JsonObject Sources(ApiContext api)
    {
        var now = api.Time.GetUtcNow();
        var json = new JsonObject();
        foreach (var id in api.Board.Ids)
        {
            if (api.Board.Get(id) is { } snapshot) json[id] = SourceStatusJson.Build(snapshot, api.Scheduler.Runner(id), now);
        }
        return json;
    }

    // The writer has not failed (a closed pipe or full disk stops it), is not held in one write by a reader that
    // does not read or a disk that does not answer (nothing is written or checkpointed meanwhile, though nothing
    // failed), and a file output can still be opened for append.
    private static bool OutputWritable(ApiContext api) =>
        api.Output.Failure is null && !api.Output.Stalled && (string.IsNullOrEmpty(api.OutputPath) || api.OutputPath == "-" || OutputProbe.Writable(api.OutputPath));
}
