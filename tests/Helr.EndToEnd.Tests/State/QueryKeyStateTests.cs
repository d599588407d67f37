using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A source whose url carries its key in the query (<c>?api_key=${KEY}</c>) and whose API repeats it
/// in every next link: the key never reaches the store (so neither <c>state show</c> nor
/// <c>state export</c> prints it), and a run resuming from the stored link sends the key configured now.
/// </summary>
public sealed class QueryKeyStateTests
{
    private const string OldKey = "old-key-0f3a9c51";
    private const string NewKey = "new-key-7d21be84";

    // Accepts only the current key, as a vendor does once a key is rotated; the next link repeats the
    // key the request came with, beside the page (a position, which must stay).
    private static void Serve(FakeVendorServer api, Func<string> current)
    {
        api.OnGet("/logs", r =>
        {
            if (r.Param("api_key") != current()) return FakeResponse.Json("""{"error":"invalid api key"}""", 401);
            var page = int.Parse(r.Param("page") ?? "1");
            return FakeResponse.Json($$"""[{"id":"e{{page}}"}]""")
                .WithNext(api.Url($"/logs?api_key={r.Param("api_key")}&limit=100&page={page + 1}"));
        });
    }

    private static string Config(TempDir dir, FakeVendorServer api) => dir.Write("helr.yaml", $$"""
        {{dir.SqliteStateGlobal}}
        sources:
          s1:
            url: {{api.Url("/logs")}}?api_key=${LOGS_API_KEY}&limit=100
            pagination:
              strategy: link_header
              max_pages: 1
        """);

    private static Dictionary<string, string?> Key(string key) => new() { ["LOGS_API_KEY"] = key };

    private static async Task<HelrResult> RunAsync(string arguments, TempDir dir, string? key = null, string? stdin = null)
    {
        var result = await HelrProcess.RunAsync(arguments, dir.Path, stdin, key is null ? null : Key(key));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task The_stored_next_link_holds_no_key_and_a_resumed_run_sends_the_current_one()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var accepted = OldKey;
        Serve(api, () => Volatile.Read(ref accepted));
        using var dir = new TempDir();
        var config = Config(dir, api);
        var recording = dir.File("rec");

        var first = await RunAsync($"run --once -c {config} --record-dir {recording}", dir, OldKey);
        Assert.Equal(new[] { "e1" }, first.Lines.EventField("id"));
        var shown = await StateCli.ShowAsync(config, "s1");
        var exported = (await RunAsync($"state export -c {config}", dir)).Stdout;
        var exportedWithKey = (await RunAsync($"state export -c {config}", dir, OldKey)).Stdout;
        foreach (var text in new[] { shown, exported, exportedWithKey }) Assert.DoesNotContain(OldKey, text, StringComparison.Ordinal);
        Assert.Contains("page=2", shown);
        foreach (var file in Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(OldKey, RecordingText.Of(file), StringComparison.Ordinal);

        var second = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e2" }, second.Lines.EventField("id"));
        Assert.Equal((OldKey, "2"), (api.Requests[^1].Param("api_key"), api.Requests[^1].Param("page")));

        // The key is rotated: the stored link resumes with the new one, not a stale copy.
        Volatile.Write(ref accepted, NewKey);
        var third = await RunAsync($"run --once -c {config}", dir, NewKey);
        Assert.Equal(new[] { "e3" }, third.Lines.EventField("id"));
        Assert.Equal((NewKey, "3"), (api.Requests[^1].Param("api_key"), api.Requests[^1].Param("page")));
        Assert.DoesNotContain(NewKey, (await RunAsync($"state export -c {config}", dir, NewKey)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_stored_by_an_older_version_is_left_out_of_the_export_and_the_import_resumes_with_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api, () => OldKey);
        using var dir = new TempDir();
        var config = Config(dir, api);
        // What an older version stored: the next link as the API gave it, key and all.
        await RunAsync($"state set -c {config} s1 next_url {api.Url($"/logs?api_key={OldKey}&limit=100&page=5")}", dir);

        var exported = (await RunAsync($"state export -c {config}", dir, OldKey)).Stdout;
        Assert.DoesNotContain(OldKey, exported, StringComparison.Ordinal);
        Assert.Contains("page=5", exported);
        await RunAsync($"state reset -c {config} s1", dir);
        await RunAsync($"state import -c {config}", dir, stdin: exported);

        var resumed = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e5" }, resumed.Lines.EventField("id"));
        Assert.Equal((OldKey, "5"), (api.Requests[^1].Param("api_key"), api.Requests[^1].Param("page")));
    }
}
