using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>docs/examples/operations.yaml runs as documented: the API behind its token, the source polled.</summary>
public sealed class OperationsExampleTests
{
    [Fact]
    public async Task The_operations_example_serves_the_api_behind_its_token()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/v1/audit", _ => FakeResponse.Json("""[{"id":"a1","published":"2026-01-01T00:00:00Z"}]"""));
        using var dir = new TempDir();
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "docs", "operations.yaml"));
        // The fake vendor speaks plain HTTP on a free port; the API takes a free loopback port.
        var config = dir.Write("helr.yaml", example
            .Replace("https://${AUDIT_API_HOST}", api.BaseUrl.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("address: 0.0.0.0", "address: 127.0.0.1", StringComparison.Ordinal)
            .Replace("port: 8080", "port: 0", StringComparison.Ordinal));
        var env = new Dictionary<string, string?> { ["HELR_API_TOKEN"] = "ops-token", ["AUDIT_API_TOKEN"] = "vendor-token-Qm3" };
        await using var helr = await ApiHelr.StartAsync(config, dir, env);
        await helr.Process.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        Assert.Equal(401, (await helr.GetAsync("/api/v1/sources")).Status);
        helr.Token = "ops-token";
        var health = await helr.WaitForAsync("/api/v1/sources", (s, b) => s == 200 && b["sources"]!["audit"]!["cycles"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal("ok", health["sources"]!["audit"]!["status"]!.GetValue<string>());
        var (_, global, text) = await helr.GetAsync("/api/v1/config");
        Assert.Equal("HELR_API_TOKEN", global!["global"]!["api"]!["auth"]!["token_env"]!.GetValue<string>());
        Assert.DoesNotContain("ops-token", text);
        var (_, _, sourceText) = await helr.GetAsync("/api/v1/sources/audit/config");
        Assert.Contains("AUDIT_API_TOKEN", sourceText);
        Assert.DoesNotContain("vendor-token-Qm3", sourceText);
    }
}
