using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Observability;

/// <summary>Each token request an authenticator sends is one <see cref="TokenRequested"/> event, counted in helr_token_refreshes_total.</summary>
public sealed class TokenMetricsTests
{
    [Fact]
    public async Task Each_token_fetch_counts_once_and_pages_reuse_the_token()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var issued = 0;
        server.OnPost("/token", _ => FakeResponse.Json($$"""{"access_token":"t{{Interlocked.Increment(ref issued)}}","expires_in":3600}"""));
        server.OnGet("/logs", r => r.Header("Authorization") == "Bearer t1" && r.Param("page") is null
            ? FakeResponse.Json("""[{"id":"1"}]""").WithNext(server.Url("/logs?page=2"))
            : r.Header("Authorization") == "Bearer t2" ? FakeResponse.Json("""[{"id":"2"}]""") : FakeResponse.Json("""{"error":"expired"}""", 401));
        var env = new TestEnvironment();
        env.Variables["ID"] = "c";
        env.Variables["SECRET"] = "s";
        var sourceId = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {server.Url("/logs")}
            pagination:
              strategy: link_header
            auth:
              type: oauth2
              token_url: {server.Url("/token")}
              client_id_env: ID
              client_secret_env: SECRET
            """, server, env, sourceId);
        using var recorded = new RecordedTelemetry(harness.Telemetry);
        var cycle = await harness.RunCycleAsync();
        Assert.Null(cycle.Error);
        // Page 2 rejects t1: one renewal, so two token requests for three API requests.
        Assert.Equal(2, recorded.Of<TokenRequested>().Count(e => e.Source == sourceId));
        Assert.Equal(2, harness.Telemetry.Counters.TokenRequests(sourceId));
        Assert.Equal(2, harness.Telemetry.Metrics.TokenRefreshes.WithLabels(sourceId).Value);
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/token"));
        Assert.Equal(3, server.Requests.Count(r => r.Path == "/logs"));
    }
}
