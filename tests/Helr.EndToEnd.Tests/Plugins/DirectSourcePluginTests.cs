using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// The SDK contract's proof (issue 10): TokenVendorPlugin implements ISource directly, fetches an
/// OAuth2 token through the sender the SDK gives authenticators, reuses the watermark component in
/// its own cycle and names the vendor's rate-limit headers; the real helr collects with it.
/// </summary>
public sealed class DirectSourcePluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["VENDOR_SECRET"] = "s3cret-client" };

    private static string Plugins(TempDir dir)
    {
        var folder = dir.File("plugins/tokenvendor");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "TokenVendorPlugin")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return dir.File("plugins");
    }

    private static string Config(TempDir dir, FakeVendorServer api, FakeVendorServer tokens) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          vendor:
            type: tokenvendor
            url: {api.Url("/events")}
            token_url: {tokens.Url("/oauth/token")}
            client_id: helr
            client_secret_env: VENDOR_SECRET
        """);

    private static FakeResponse Page(params int[] seqs) =>
        FakeResponse.Json("{\"items\":[" + string.Join(",", seqs.Select(s => $$"""{"id":"v{{s}}","seq":{{s}},"at":"2024-01-0{{s}}T00:00:00Z"}""")) + "]}");

    [Fact]
    public async Task Collects_end_to_end_with_a_token_fetched_through_the_sdk_sender_and_the_vendors_rate_limit_headers()
    {
        await using var tokens = await FakeVendorServer.StartAsync();
        tokens.OnPost("/oauth/token", r => r.Body.Contains("client_secret=s3cret-client")
            ? FakeResponse.Json("""{"access_token":"vendor-token","expires_in":3600}""")
            : FakeResponse.Json("""{"error":"invalid_client"}""", 401));
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet("/events", r =>
        {
            if (r.Header("Authorization") != "Bearer vendor-token") return FakeResponse.Json("{}", 401);
            // The first data request is rate limited; only the vendor's own header says for how long.
            if (Interlocked.Increment(ref calls) == 1) return FakeResponse.Json("{}", 429).WithHeader("X-Vendor-Quota-Reset", "1");
            return r.Param("page") == "2" ? Page(3) : Page(1, 2).WithNext(api.Url("/events?page=2"));
        });
        using var dir = new TempDir();
        var config = Config(dir, api, tokens);

        var plugins = Plugins(dir);
        var result = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {plugins}", dir.Path, env: Env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "v1", "v2", "v3" }, result.Lines.EventField("id"));
        Assert.Equal("v3", result.Lines[2].GetProperty("meta").GetProperty("id").GetString()); // the vendor's id field default
        var token = Assert.Single(tokens.Requests);
        Assert.Null(token.Header("Authorization")); // the token request carries none of the source's credentials
        Assert.Contains("retrying in 1 s (rate-limit reset header)", result.Stderr); // read from the vendor's X-Vendor-Quota-Reset
        Assert.Equal("0", api.Requests[0].Param("since"));

        // The watermark component stored the largest seq; the next cycle starts from it.
        var before = api.Requests.Count;
        var again = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {plugins}", dir.Path, env: Env);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("3", api.Requests[before].Param("since"));
    }

    [Fact]
    public async Task Its_credentials_are_refused_for_a_link_to_another_origin()
    {
        await using var tokens = await FakeVendorServer.StartAsync();
        tokens.OnPost("/oauth/token", _ => FakeResponse.Json("""{"access_token":"vendor-token"}"""));
        await using var elsewhere = await FakeVendorServer.StartAsync();
        elsewhere.OnGet("/steal", _ => FakeResponse.Json("""{"items":[]}"""));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", _ => Page(1).WithNext(elsewhere.Url("/steal")));
        using var dir = new TempDir();
        var config = Config(dir, api, tokens);

        var result = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {Plugins(dir)}", dir.Path, env: Env);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"not sending the source's credentials to {elsewhere.BaseUrl.AbsoluteUri.TrimEnd('/')}", result.Stderr);
        Assert.Empty(elsewhere.Requests);
        Assert.DoesNotContain("vendor-token", result.Stderr + result.Stdout);
        Assert.Equal(new[] { "v1" }, result.Lines.EventField("id")); // the page before the link was written
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_a_401_from_the_token_endpoint_is_not_refreshed_again()
    {
        await using var tokens = await FakeVendorServer.StartAsync();
        var issued = 0;
        tokens.OnPost("/oauth/token", _ => Interlocked.Increment(ref issued) switch
        {
            1 => FakeResponse.Json("""{"access_token":"expired-token"}"""),
            2 => FakeResponse.Json("""{"access_token":"fresh-token"}"""),
            _ => FakeResponse.Json("""{"error":"invalid_client"}""", 401),
        });
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", r => r.Header("Authorization") == "Bearer fresh-token" ? Page(1) : FakeResponse.Json("{}", 401));
        using var dir = new TempDir();
        var config = Config(dir, api, tokens);

        var plugins = Plugins(dir);
        var renewed = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {plugins}", dir.Path, env: Env);

        Assert.True(renewed.ExitCode == 0, renewed.ToString());
        Assert.Equal(new[] { "v1" }, renewed.Lines.EventField("id"));
        Assert.Equal(2, tokens.Requests.Count);

        // A new process needs a token again; the endpoint now refuses: one token request, no refresh loop.
        var refused = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {plugins}", dir.Path, env: Env);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("cannot get credentials: token endpoint answered HTTP 401", refused.Stderr);
        Assert.Equal(3, tokens.Requests.Count);
        Assert.DoesNotContain("s3cret-client", refused.Stderr + refused.Stdout);
    }
}
