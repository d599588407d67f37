using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Scheduling;

/// <summary><c>run --once</c> with <c>bulkhead.max_concurrent_sources</c>: the sources take the slot in turn; a failed one does not stop the others.</summary>
public sealed class OnceBulkheadTests
{
    [Fact]
    public async Task A_one_cycle_run_with_one_slot_collects_every_source_and_exits_1_for_the_failed_one()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        api.OnGet("/b", _ => FakeResponse.Json("{}", 500));
        api.OnGet("/c", _ => FakeResponse.Json("""[{"id":"c"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              bulkhead: {"{"} max_concurrent_sources: 1 {"}"}
            sources:
              a: {"{"} url: "{api.Url("/a")}" {"}"}
              b: {"{"} url: "{api.Url("/b")}", resilience: {"{"} retries: {"{"} max_attempts: 1 {"}"} {"}"} {"}"}
              c: {"{"} url: "{api.Url("/c")}" {"}"}
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(new[] { "a", "c" }, Eventually.EventIds(result.Stdout).Order());
    }
}
