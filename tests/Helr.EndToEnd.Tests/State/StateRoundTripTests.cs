using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;
using static Helr.EndToEnd.Tests.State.StateCommandCli;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Every <c>helr state</c> command in turn on one SQLite file, and the usage of <c>helr state</c> alone.
/// </summary>
public sealed class StateRoundTripTests
{
    [Fact]
    public async Task Set_show_reset_export_and_import_round_trip()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");
        const string tricky = "https://x.example/logs?after=a b&q=\"quoted\"\\ ünï 🚀";

        Assert.Equal("s1 (no state)\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
        Assert.Equal("set s1 next_url = \"https://x.example/logs?after=9\"\n",
            (await HelrOk($"state set s1 next_url https://x.example/logs?after=9 -c {config}")).Stdout);
        // Escaped as JSON needs, not as HTML does (the default encoder wrote & as \u0026, ü as \u00FC);
        // System.Text.Json still escapes characters beyond the BMP, such as the emoji.
        Assert.Equal("set s1 cursor = \"https://x.example/logs?after=a b&q=\\\"quoted\\\"\\\\ ünï \\uD83D\\uDE80\"\n",
            (await HelrOk($"state set s1 cursor \"{tricky.Replace("\"", "\\\"")}\" -c {config}")).Stdout);
        await HelrOk($"state set okta watermark 2024-01-01T00:00:00Z -c {config}");
        await HelrOk($"state set okta empty \"\" -c {config}");

        Assert.Equal($"s1\n  cursor: {tricky}\n  next_url: https://x.example/logs?after=9\n", (await HelrOk($"state show s1 -c {config}")).Stdout);

        var export = (await HelrOk($"state export -c {config}")).Stdout;
        Assert.Contains("\"cursor\": \"https://x.example/logs?after=a b&q=\\\"quoted\\\"\\\\ ünï \\uD83D\\uDE80\"", export);
        using (var doc = JsonDocument.Parse(export))
        {
            Assert.Equal(new[] { "okta", "s1" }, doc.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(tricky, doc.RootElement.GetProperty("s1").GetProperty("cursor").GetString());
            Assert.Equal("", doc.RootElement.GetProperty("okta").GetProperty("empty").GetString());
        }

        // Import into a fresh file, then export again: byte-for-byte the same.
        var fresh = SqliteConfig(dir, "b.yaml");
        var import = await HelrOk($"state import -c {fresh}", stdin: export);
        Assert.Contains("state import complete: 4 keys", import.Stderr);
        Assert.Equal(export, (await HelrOk($"state export -c {fresh}")).Stdout);

        Assert.Equal("reset state for source \"s1\"\n", (await HelrOk($"state reset s1 -c {config}")).Stdout);
        Assert.Equal("s1 (no state)\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
        using (var after = JsonDocument.Parse((await HelrOk($"state export -c {config}")).Stdout))
            Assert.Equal(new[] { "okta" }, after.RootElement.EnumerateObject().Select(p => p.Name));
        // The other file is untouched by the reset.
        Assert.Equal(export, (await HelrOk($"state export -c {fresh}")).Stdout);
    }

    [Fact]
    public async Task State_without_a_subcommand_prints_its_usage_and_succeeds()
    {
        // As upstream: the usage on stderr, exit 0 (a usage error would be 2).
        var result = await HelrProcess.RunAsync("state");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("usage: helr state {show,reset,set,export,import}\n", result.Stderr);
        Assert.Contains("  show <source>", result.Stderr);
        Assert.Contains("  set <source> <key> <value>", result.Stderr);
        Assert.Contains("  import", result.Stderr);
    }
}
