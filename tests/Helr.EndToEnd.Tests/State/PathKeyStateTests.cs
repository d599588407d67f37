using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A source whose url carries its key in the path (Telegram's <c>/bot${TELEGRAM_BOT_TOKEN}/getUpdates</c>)
/// and whose API's next link repeats it: the store holds the reference in the key's place (so neither
/// <c>state show</c> nor <c>state export</c> prints the key), and a resumed run sends the key configured now
/// (a rotated one: UrlSecretParametersTests).
/// </summary>
public sealed class PathKeyStateTests
{
    private const string OldKey = "123456:AAH-old-0f3a9c51";

    private static void Serve(FakeVendorServer api)
    {
        api.OnGet($"/bot{OldKey}/getUpdates", r =>
        {
            var offset = int.Parse(r.Param("offset") ?? "1");
            return FakeResponse.Json($$"""[{"id":"e{{offset}}"}]""").WithNext(api.Url("/bot") + $"{OldKey}/getUpdates?offset={offset + 1}");
        });
    }

    private static string Config(TempDir dir, FakeVendorServer api) => dir.Write("helr.yaml", $$"""
        {{dir.SqliteStateGlobal}}
        sources:
          tg:
            url: {{api.Url("/bot")}}${TELEGRAM_BOT_TOKEN}/getUpdates
            pagination:
              strategy: link_header
              max_pages: 1
        """);

    private static async Task<HelrResult> RunAsync(string arguments, TempDir dir, string? key = null, string? stdin = null)
    {
        var result = await HelrProcess.RunAsync(arguments, dir.Path, stdin, key is null ? null : new Dictionary<string, string?> { ["TELEGRAM_BOT_TOKEN"] = key });
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task The_stored_next_link_holds_the_reference_and_a_resumed_run_sends_the_key()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        var config = Config(dir, api);

        var first = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e1" }, first.Lines.EventField("id"));
        var shown = await StateCli.ShowAsync(config, "tg");
        var exported = (await RunAsync($"state export -c {config}", dir)).Stdout;
        var exportedWithKey = (await RunAsync($"state export -c {config}", dir, OldKey)).Stdout;
        foreach (var text in new[] { shown, exported, exportedWithKey })
        {
            Assert.DoesNotContain("AAH-old", text, StringComparison.Ordinal);
            Assert.Contains("/bot${TELEGRAM_BOT_TOKEN}/getUpdates?offset=2", text, StringComparison.Ordinal);
        }

        var second = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e2" }, second.Lines.EventField("id"));

        Assert.Contains($"/bot{OldKey}/getUpdates?offset=2", api.Requests[^1].Path + api.Requests[^1].QueryString, StringComparison.Ordinal);
        Assert.DoesNotContain("AAH-old", (await RunAsync($"state export -c {config}", dir, OldKey)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_stored_by_an_older_version_still_resumes_and_is_left_out_of_the_export()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        using var dir = new TempDir();
        var config = Config(dir, api);
        // What an older version stored: the next link as the API gave it, key and all.
        await RunAsync($"state set -c {config} tg next_url {api.Url("/bot")}{OldKey}/getUpdates?offset=5", dir);

        var exported = (await RunAsync($"state export -c {config}", dir, OldKey)).Stdout;
        Assert.DoesNotContain("AAH-old", exported, StringComparison.Ordinal);
        var resumed = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e5" }, resumed.Lines.EventField("id"));

        await RunAsync($"state reset -c {config} tg", dir);
        await RunAsync($"state import -c {config}", dir, stdin: exported);
        var imported = await RunAsync($"run --once -c {config}", dir, OldKey);
        Assert.Equal(new[] { "e5" }, imported.Lines.EventField("id"));
    }
}
