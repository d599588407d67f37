using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary><c>global.api.auth</c>: a bearer token on every route but the probes and the static page.</summary>
public sealed class ApiAuthTests
{
    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_and_the_probes_stay_open()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var tokenFile = dir.Write("api-token", "right-token\n");
        var config = dir.Write("helr.yaml", $"""
            global:
              api:
                enabled: true
                address: 127.0.0.1
                port: 0
                auth:
                  token_file: {tokenFile}
            sources:
              s:
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        Assert.Contains("bearer token required", helr.Process.Stderr);

        foreach (var token in new[] { null, "wrong-token", "right-token-but-longer" })
        {
            helr.Token = token;
            foreach (var (method, path) in new[] { ("GET", "/api/v1/sources"), ("GET", "/api/v1/config"), ("GET", "/api/v1/sources/s/state"), ("POST", "/api/v1/sources/s/poll"), ("POST", "/api/v1/reload") })
            {
                var (status, body, text) = await helr.SendAsync(new HttpMethod(method), path);
                Assert.True(status == 401, $"{method} {path} with token {token ?? "(none)"}: {status} {text}");
                Assert.Contains("bearer token", body!["error"]!.GetValue<string>());
            }
        }
        helr.Token = null;
        foreach (var probe in new[] { "/healthz", "/readyz", "/startupz", "/" })
            Assert.NotEqual(401, (await helr.GetAsync(probe)).Status);

        helr.Token = "right-token";
        var (okStatus, ok, _) = await helr.GetAsync("/api/v1/sources");
        Assert.Equal(200, okStatus);
        Assert.NotNull(ok!["sources"]!["s"]);
    }

    // Routing answers /healthz/ and /HEALTHZ as /healthz, but the token check compared the path exactly: a probe
    // or load balancer check written with a trailing slash or capitals got 401, and the pod never became ready.
    [Fact]
    public async Task A_probe_path_with_a_trailing_slash_or_capitals_stays_open_and_the_api_does_not()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var tokenFile = dir.Write("api-token", "right-token\n");
        var config = dir.Write("helr.yaml", $"""
            global:
              api:
                enabled: true
                address: 127.0.0.1
                port: 0
                auth:
                  token_file: {tokenFile}
            sources:
              s:
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);

        foreach (var probe in new[] { "/healthz/", "/READYZ", "/Startupz/" })
        {
            var (status, body, text) = await helr.GetAsync(probe);
            Assert.True(status is 200 or 503, $"{probe}: {status} {text}");
            Assert.NotNull(body!["version"]);
        }
        foreach (var path in new[] { "/api/v1/sources/", "/API/V1/CONFIG", "/healthz/x", "/healthzz" })
        {
            var (status, _, text) = await helr.GetAsync(path);
            Assert.True(status == 401, $"{path}: {status} {text}");
        }
    }

    private static string TokenFromEnvConfig(TempDir dir, FakeVendorServer api) => dir.Write("helr.yaml", $"""
        global:
          api:
            enabled: true
            address: 127.0.0.1
            port: 0
            auth:
              token_env: HELR_TEST_API_TOKEN
        sources:
          s:
            url: {api.Url("/logs")}
            schedule: {"{"} interval_secs: 3600 {"}"}
        """);

    [Fact]
    public async Task A_token_from_a_variable_set_from_a_file_with_its_newline_is_accepted()
    {
        // HELR_TEST_API_TOKEN="$(cat token; echo)" or a Kubernetes secret file mapped to a variable: every API call got 401.
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        await using var helr = await ApiHelr.StartAsync(TokenFromEnvConfig(dir, api), dir, new Dictionary<string, string?> { ["HELR_TEST_API_TOKEN"] = "right-token\n" });

        helr.Token = "right-token";
        var (status, body, text) = await helr.GetAsync("/api/v1/sources");
        Assert.True(status == 200, text);
        Assert.NotNull(body!["sources"]!["s"]);
        helr.Token = "wrong-token";
        Assert.Equal(401, (await helr.GetAsync("/api/v1/sources")).Status);
    }

    [Fact]
    public async Task An_empty_token_is_a_config_error_naming_the_key()
    {
        await using var api = await FakeVendorServer.StartAsync();
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"validate -c {TokenFromEnvConfig(dir, api)}", dir.Path,
            env: new Dictionary<string, string?> { ["HELR_TEST_API_TOKEN"] = " \n" });

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("global.api.auth.token_env", result.Stderr + result.Stdout);
        Assert.Contains("HELR_TEST_API_TOKEN is empty", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Without_a_token_another_site_s_page_cannot_reload_or_poll_through_the_browser()
    {
        // A page on any site, open in a browser on helr's machine, posted to the loopback API: reloads and polls ran.
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              s:
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);

        foreach (var site in new[] { "cross-site", "same-site" })
        {
            foreach (var path in new[] { "/api/v1/reload", "/api/v1/sources/s/poll" })
            {
                var (status, _, text) = await helr.SendAsync(HttpMethod.Post, path, site);
                Assert.True(status == 403, $"POST {path} from a {site} page: {status} {text}");
            }
        }
        Assert.DoesNotContain("config reloaded", helr.Process.Stderr);
        // The status page's own calls, and clients that are not browsers, go through.
        Assert.Equal(200, (await helr.SendAsync(HttpMethod.Post, "/api/v1/sources/s/poll", "same-origin")).Status);
        Assert.Equal(200, (await helr.PostAsync("/api/v1/reload")).Status);
    }

    [Fact]
    public async Task Without_a_token_the_api_listens_on_loopback_only()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              s:
                url: {api.Url("/logs")}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        Assert.Equal("127.0.0.1", helr.Url.Host);
        Assert.Contains("no token", helr.Process.Stderr);
    }
}
