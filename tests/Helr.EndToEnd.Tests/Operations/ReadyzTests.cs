using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary><c>/readyz</c> follows the state store: 503 while it is down, 200 again once it is back.</summary>
public sealed class ReadyzTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("postgres")]
    public async Task Readyz_flips_when_the_state_store_goes_away_and_comes_back(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(3).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));
        var ready = await helr.WaitForAsync("/readyz", (status, _) => status == 200, TimeSpan.FromSeconds(30));
        Assert.True(ready["state_store_connected"]!.GetValue<bool>());

        await server.StopAsync();
        var down = await helr.WaitForAsync("/readyz", (status, _) => status == 503, TimeSpan.FromSeconds(60));
        Assert.False(down["ready"]!.GetValue<bool>());
        Assert.False(down["state_store_connected"]!.GetValue<bool>());
        Assert.True(down["output_writable"]!.GetValue<bool>());
        Assert.False(down["state_store_fallback_active"]!.GetValue<bool>());

        await server.StartAgainAsync();
        var back = await helr.WaitForAsync("/readyz", (status, _) => status == 200, TimeSpan.FromSeconds(90));
        Assert.True(back["state_store_connected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Readyz_is_503_while_no_source_is_healthy()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("{}") with { Status = 500 });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              s:
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
                resilience:
                  retries: {"{"} max_attempts: 1 {"}"}
                  circuit_breaker: {"{"} failure_threshold: 1, half_open_timeout_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        var body = await helr.WaitForAsync("/readyz", (status, _) => status == 503, TimeSpan.FromSeconds(60));
        Assert.False(body["at_least_one_source_healthy"]!.GetValue<bool>());
        Assert.True(body["state_store_connected"]!.GetValue<bool>());
        var health = (await helr.GetAsync("/healthz")).Body!;
        Assert.Equal("unhealthy", health["sources"]!["s"]!["status"]!.GetValue<string>());
        Assert.Equal("open", health["sources"]!["s"]!["circuit_state"]!["state"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Probing_an_output_file_keeps_its_one_writer_lock()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the one-writer lock is a POSIX record lock (Linux)");
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(2).Mount(api);
        using var dir = new TempDir();
        var output = dir.File("events.ndjson");
        var config = dir.Write("helr.yaml", $"""
            global:
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir, extraArgs: $"-o {output}");
        await helr.Process.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(60));
        var ready = await helr.WaitForAsync("/readyz", (status, _) => status == 200, TimeSpan.FromSeconds(30));
        Assert.True(ready["output_writable"]!.GetValue<bool>());

        // A POSIX lock goes when its process closes any descriptor of the file: a probe that opened and
        // closed the file let a second helr append to it too.
        var second = await HelrProcess.RunAsync($"run --once -c {dir.Write("other.yaml", $"sources:\n{feed.SourceYaml(api, intervalSecs: 3600)}")} -o {output}", dir.Path);
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("another helr (pid", second.Stderr);
    }
}
