using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>A token-less API on loopback answers only requests that name it by localhost or an IP (DNS rebinding).</summary>
public sealed class LoopbackHostTests
{
    private static string Config(TempDir dir, FakeVendorServer api, string apiYaml) => dir.Write("helr.yaml", $"""
        global:
          api: {apiYaml}
        sources:
          s:
            url: {api.Url("/logs")}
            schedule: {"{"} interval_secs: 3600 {"}"}
        """);

    [Fact]
    public async Task A_page_whose_name_was_rebound_to_loopback_cannot_read_or_reload_a_token_less_api()
    {
        // evil.example re-resolved to 127.0.0.1: the browser calls that same-origin, so it read the config and reloaded.
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        await using var helr = await ApiHelr.StartAsync(Config(dir, api, "{ enabled: true, port: 0 }"), dir);
        var port = helr.Url.Port;

        foreach (var (method, path) in new[] { ("GET", "/api/v1/config"), ("GET", "/api/v1/sources/s/state"), ("POST", "/api/v1/reload"), ("GET", "/") })
        {
            var (status, body, text) = await helr.SendAsync(new HttpMethod(method), path, "same-origin", $"evil.example:{port}");
            Assert.True(status == 403, $"{method} {path} as evil.example: {status} {text}");
            Assert.Contains("Host 'evil.example' is not localhost or an IP address", body!["error"]!.GetValue<string>());
        }
        Assert.DoesNotContain("config reloaded", helr.Process.Stderr);

        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"LOCALHOST.:{port}", $"status.localhost:{port}", $"[::1]:{port}", "127.0.0.1" })
        {
            var (status, _, text) = await helr.SendAsync(HttpMethod.Get, "/api/v1/config", "same-origin", host);
            Assert.True(status == 200, $"Host {host}: {status} {text}");
        }
    }

    [Fact]
    public async Task With_a_token_or_on_another_address_any_name_is_answered()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var tokenFile = dir.Write("api-token", "right-token\n");
        await using (var helr = await ApiHelr.StartAsync(Config(dir, api, $"{{ enabled: true, address: 127.0.0.1, port: 0, auth: {{ token_file: {tokenFile} }} }}"), dir))
        {
            helr.Token = "right-token";
            var (status, _, text) = await helr.SendAsync(HttpMethod.Get, "/api/v1/config", host: "helr.internal");
            Assert.True(status == 200, $"with a token: {status} {text}");
        }
        // An address that is not loopback is meant to be reached by the machine's names (the user chose it without a token).
        await using (var helr = await ApiHelr.StartAsync(Config(dir, api, "{ enabled: true, address: 0.0.0.0, port: 0 }"), dir))
        {
            var (status, _, text) = await helr.SendAsync(HttpMethod.Get, "/api/v1/config", host: "helr.internal");
            Assert.True(status == 200, $"on 0.0.0.0: {status} {text}");
        }
    }
}
