using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// hooks/andromeda-audit.js with docs/examples/hooks.yaml, run by the real helr against a GraphQL
/// fake API: all five hooks together, fetch() for the login, paging by request body.
/// </summary>
public sealed class AndromedaHookTests
{
    internal static string ExampleConfig(TempDir dir, FakeVendorServer server)
    {
        dir.Write("hooks/andromeda-audit.js", File.ReadAllText(Path.Combine(RepoPaths.Root, "hooks", "andromeda-audit.js")));
        // Absolute folders, so that `helr state` finds them from any working directory.
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "hooks.yaml"))
            .Replace("https://api.live.andromedasecurity.com/graphql", server.Url("/graphql"), StringComparison.Ordinal)
            .Replace("path: ./helr-state.db", "path: " + dir.File("helr-state.db"), StringComparison.Ordinal)
            .Replace("path: ./hooks", "path: " + dir.File("hooks"), StringComparison.Ordinal);
        Assert.Contains(server.Url("/graphql"), yaml);
        Assert.Contains(dir.File("hooks"), yaml);
        return dir.Write("helr.yaml", yaml);
    }

    internal static Dictionary<string, string?> Env(FakeVendorServer server) => new()
    {
        ["ANDROMEDA_PAT"] = GraphqlFakeApi.Token,
        ["ANDROMEDA_LOGIN_URL"] = server.Url("/login/access-key"),
        ["ANDROMEDA_COOKIE"] = null,
    };

    [Fact]
    public async Task The_example_collects_every_page_then_only_what_is_new()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = GraphqlFakeApi.Start(server, events: 120);
        using var dir = new TempDir();
        var config = ExampleConfig(dir, server);

        var run1 = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(server));

        Assert.True(run1.ExitCode == 0, run1.ToString());
        var ids = run1.Lines.EventField("id");
        Assert.Equal(120, ids.Count);
        Assert.Equal(120, ids.Distinct().Count());
        Assert.Equal("evt-0120", ids[0]);
        Assert.Equal("2025-01-01T00:02:00Z", run1.Lines[0].GetProperty("ts").GetString()![..19] + "Z");
        Assert.Equal(new[] { (0, 50), (50, 50), (100, 50) }, api.Pages);
        Assert.Single(server.Requests, r => r.Path == "/login/access-key");
        Assert.Equal("2025-01-01T00:02:00Z", await StateCli.GetAsync(config, "andromeda-audit", "watermark"));

        api.Add(3);
        api.Pages.Clear();
        var run2 = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(server));

        Assert.True(run2.ExitCode == 0, run2.ToString());
        Assert.Equal(new[] { "evt-0123", "evt-0122", "evt-0121" }, run2.Lines.EventField("id"));
        // The first page reached the watermark: no second page.
        Assert.Equal(new[] { (0, 50) }, api.Pages);
    }

    [Fact]
    public async Task A_backlog_longer_than_max_pages_is_collected_over_the_next_cycles()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = GraphqlFakeApi.Start(server, events: 120);
        using var dir = new TempDir();
        var config = ExampleConfig(dir, server);
        var run1 = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(server));
        Assert.True(run1.ExitCode == 0, run1.ToString());

        // Helr was down a while: 102 pages of new events, more than the 100 pages a hook cycle reads.
        api.Add(5100);
        var run2 = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(server));
        var run3 = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(server));

        Assert.True(run2.ExitCode == 0, run2.ToString());
        Assert.True(run3.ExitCode == 0, run3.ToString());
        Assert.Equal(5000, run2.Lines.Count);
        var ids = run1.Lines.EventField("id").Concat(run2.Lines.EventField("id")).Concat(run3.Lines.EventField("id")).ToList();
        // Every event once: the 100 oldest new ones, past the 100th page, are not skipped.
        Assert.Equal(Enumerable.Range(1, 5220).Select(n => $"evt-{n:D4}").Order(), ids.Order());
        Assert.Equal("2025-01-01T01:27:00Z", await StateCli.GetAsync(config, "andromeda-audit", "watermark"));
    }

    [Fact]
    public async Task A_wrong_token_fails_the_poll_with_the_scripts_message()
    {
        await using var server = await FakeVendorServer.StartAsync();
        GraphqlFakeApi.Start(server, events: 3);
        using var dir = new TempDir();
        var config = ExampleConfig(dir, server);
        var env = Env(server);
        env["ANDROMEDA_PAT"] = "wrong";

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: env);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"hook getAuth in {dir.File("hooks/andromeda-audit.js")} failed: Andromeda login failed with HTTP 401", run.Stderr);
        Assert.DoesNotContain(server.Requests, r => r.Path == "/graphql");
    }
}
