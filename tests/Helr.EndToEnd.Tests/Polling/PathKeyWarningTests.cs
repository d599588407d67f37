using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// An API that takes its key in the path (Telegram's <c>/bot&lt;token&gt;/getUpdates</c>): the warnings a
/// page gives name its URL, which the poll's error already showed with the key cut out.
/// </summary>
public sealed class PathKeyWarningTests
{
    private const string Token = "123456:AAH-pathKey-1a2b3c4d";

    [Fact]
    public async Task A_skipped_page_and_a_repaired_body_name_the_url_without_the_key_in_its_path()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet($"/bot{Token}/html", _ => FakeResponse.Text("<html>sign in</html>", 200, "text/html"));
        // café in Latin-1: 0xE9 alone is no UTF-8.
        var latin1 = "[{\"id\":\"caf_\"}]"u8.ToArray();
        latin1[Array.IndexOf(latin1, (byte)'_')] = 0xE9;
        api.OnGet($"/bot{Token}/latin", _ => FakeResponse.Raw(latin1));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            sources:
              html:
                url: {{api.Url("/bot")}}${TELEGRAM_BOT_TOKEN}/html
                on_parse_error: skip
              latin:
                url: {{api.Url("/bot")}}${TELEGRAM_BOT_TOKEN}/latin
                on_invalid_utf8: replace
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: new Dictionary<string, string?> { ["TELEGRAM_BOT_TOKEN"] = Token });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("skipping a page from http://", result.Stderr);
        Assert.Contains("/bot[REDACTED]/html that could not be parsed", result.Stderr);
        Assert.Contains("/bot[REDACTED]/latin had 1 invalid UTF-8 sequence(s)", result.Stderr);
        Assert.DoesNotContain("pathKey", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task A_streamed_page_that_spills_names_the_url_without_the_key_in_its_path()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet($"/bot{Token}/audit", _ => FakeResponse.Json("[" + StreamedPages.Events("a", 0, 3000) + "]"));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            sources:
              audit:
                url: {{api.Url("/bot")}}${TELEGRAM_BOT_TOKEN}/audit
            """);
        var env = StreamedPages.Env(spool.Path);
        env["TELEGRAM_BOT_TOKEN"] = Token;

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("/bot[REDACTED]/audit are over", result.Stderr);
        Assert.DoesNotContain("pathKey", result.Stderr + result.Stdout);
    }
}
