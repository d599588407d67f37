using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>dedupe.id_path + capacity: an LRU window of ids, persisted in the state store.</summary>
public sealed class DedupeTests(Stores stores, ITestOutputHelper output) : IClassFixture<Stores>
{
    public static readonly TheoryData<string> Durable = new() { "sqlite", "redis", "postgres" };

    [SkippableTheory]
    [MemberData(nameof(Durable))]
    public async Task A_restart_does_not_re_emit_what_was_written_and_the_window_evicts_the_oldest(string backend)
    {
        await using var api = await FakeVendorServer.StartAsync();
        // An API without any position parameter: every cycle gets the current page again.
        var page = """[{"id":"a"},{"id":"b"},{"id":"b"},{"id":"c"},{"n":"no id"}]""";
        api.OnGet("/static", _ => FakeResponse.Json(Volatile.Read(ref page)));
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {state}
            sources:
              st:
                url: {api.Url("/static")}
                dedupe:
                  id_path: id
                  capacity: 3
            """);
        var first = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "a", "b", "c", "" }, Ids(first));

        // Same page after a restart: only the event without an id (dedupe can never drop it) again.
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(new[] { "" }, Ids(second));
        Assert.Contains("(4 duplicates dropped)", second.Stderr);

        // d pushes a (the oldest) out of the three-id window, so a counts as new afterwards.
        Volatile.Write(ref page, """[{"id":"c"},{"id":"d"}]""");
        Assert.Equal(new[] { "d" }, Ids(await HelrProcess.RunAsync($"run --once -c {config}", dir.Path)));
        Volatile.Write(ref page, """[{"id":"a"},{"id":"d"}]""");
        Assert.Equal(new[] { "a" }, Ids(await HelrProcess.RunAsync($"run --once -c {config}", dir.Path)));
    }

    [Fact]
    public async Task Numeric_ids_are_deduplicated_across_a_restart()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Many APIs number their events; upstream treated a number as no id, so nothing was ever dropped.
        api.OnGet("/numbered", _ => FakeResponse.Json("""[{"id":101,"a":1},{"id":102,"a":2}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              nb:
                url: {api.Url("/numbered")}
                dedupe:
                  id_path: id
            """);
        Assert.Equal(2, (await HelrProcess.RunOnceAsync(config, dir)).Lines.Count);

        var again = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(again.Lines);
    }

    private static string?[] Ids(HelrResult result) =>
        result.Lines.Select(l => l.GetProperty("event").TryGetProperty("id", out var id) ? id.GetString() : "").ToArray();
}
