using System.Text.Json.Nodes;
using Helr.Kernel.Config;
using Helr.Kernel.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Helr.Kernel.Api;

/// <summary><c>/api/v1/config</c> (the running global section, secrets redacted) and <c>POST /api/v1/reload</c>.</summary>
internal static class ConfigEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapRead("/api/v1/config", http =>
        {
            var config = api.Config();
            var json = new JsonObject
            {
                ["path"] = config.Config.Path,
                ["global"] = ConfigRedaction.Redact(api.Reloader?.RunningGlobal() ?? RawConfig.At(config.Raw, "global")) ?? new JsonObject(),
                ["sources"] = new JsonArray(config.Config.Sources.Select(s => (JsonNode)s.Id).ToArray()),
            };
            return ApiJson.WriteAsync(http, 200, json);
        });
        app.MapPost("/api/v1/reload", async http =>
        {
            if (api.Reloader is null)
            {
                await ApiJson.WriteAsync(http, 503, new JsonObject { ["ok"] = false, ["error"] = "reload not available (run without --once)" });
                return;
            }
            var result = await api.Reloader.ReloadAsync("REST");
            if (result.NotNow)
            {
                // Like the --once answer: the server cannot reload now, whatever the file says.
                await ApiJson.WriteAsync(http, 503, new JsonObject { ["ok"] = false, ["error"] = result.Errors[0] });
                return;
            }
            var json = new JsonObject { ["ok"] = result.Ok };
            if (result.Plan is { } plan)
            {
                json["added"] = Ids(plan.Added);
                json["removed"] = Ids(plan.Removed);
                json["restarted"] = Ids(plan.Changed);
                json["unchanged"] = Ids(plan.Unchanged);
                if (result.Warnings.Count > 0) json["warnings"] = Ids(result.Warnings);
            }
            else
            {
                json["error"] = "config invalid; the running config is kept";
                json["errors"] = Ids(result.Errors);
            }
            // The file is wrong, not the server: 422 says the request could not be applied as it stands.
            await ApiJson.WriteAsync(http, result.Ok ? 200 : 422, json);
        });
    }

    private static JsonArray Ids(IEnumerable<string> items) => new(items.Select(i => (JsonNode)i).ToArray());
}
