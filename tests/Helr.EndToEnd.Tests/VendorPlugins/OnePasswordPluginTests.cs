using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built onepassword plugin run by the real helr: reset cursor, cursors, has_more, the cursor stored across processes.</summary>
public sealed class OnePasswordPluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["OP_EVENTS_TOKEN"] = "op-e2e-token" };

    private static FakeResponse Page(string cursor, bool hasMore, params string[] uuids) => FakeResponse.Json(JsonSerializer.Serialize(new
    {
        cursor,
        has_more = hasMore,
        items = uuids.Select((u, i) => new { uuid = u, timestamp = $"2024-05-0{i + 1}T10:00:00Z", action = "join" }),
    }));

    [Fact]
    public async Task Collects_with_cursors_until_has_more_is_false_and_the_next_process_resumes_from_the_stored_cursor()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/signinattempts", r => r.Header("Authorization") != "Bearer op-e2e-token"
            ? FakeResponse.Json("{}", 401)
            : r.Body.Contains("\"start_time\"") ? Page("c1", true, "u1", "u2")
            : r.Body.Contains("\"c1\"") ? Page("c2", false, "u3")
            : Page("c3", false));
        using var dir = new TempDir();
        await BuiltPlugins.AssertListedAsync("onepassword", "0.1.2", dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              op:
                type: onepassword
                events: signinattempts
                url: {api.Url("/")}
                from: "2024-05-01T00:00:00Z"
                auth:
                  type: bearer
                  token_env: OP_EVENTS_TOKEN
            """);
        var run = $"run --once -c {config} --plugins-dir {BuiltPlugins.Folder}";

        var first = await HelrProcess.RunAsync(run, dir.Path, env: Env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "u1", "u2", "u3" }, first.Lines.EventField("uuid"));
        Assert.Equal("""{"limit":1000,"start_time":"2024-05-01T00:00:00Z"}""", api.Requests[0].Body);
        Assert.Equal("""{"cursor":"c1"}""", api.Requests[1].Body);
        Assert.Equal(2, api.Requests.Count);

        // helr test --source: one cycle from the stored cursor, writing no state.
        var probe = await HelrProcess.RunAsync($"test --source op -c {config} --plugins-dir {BuiltPlugins.Folder}", dir.Path, env: Env);
        var second = await HelrProcess.RunAsync(run, dir.Path, env: Env);

        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Empty(probe.Lines);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(second.Lines);
        Assert.Equal("""{"cursor":"c2"}""", api.Requests[2].Body);
        Assert.Equal("""{"cursor":"c2"}""", api.Requests[3].Body);
        Assert.DoesNotContain("op-e2e-token", first.Stderr + second.Stderr);
    }
}
