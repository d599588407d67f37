using Helr.EndToEnd.Tests.Support;
using Xunit;
using static Helr.EndToEnd.Tests.State.StateCommandCli;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// <c>helr state import</c>: merging, refusing a bad file whole, and where it reads its store from.
/// </summary>
public sealed class StateImportTests
{
    [Fact]
    public async Task Import_merges_and_rejects_bad_input_without_writing_anything()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");
        await HelrOk($"state set s1 keep me -c {config}");
        await HelrOk($"state import -c {config}", stdin: """{"s1":{"cursor":"c9"}}""");
        Assert.Equal("s1\n  cursor: c9\n  keep: me\n", (await HelrOk($"state show s1 -c {config}")).Stdout);

        foreach (var (bad, error) in new[]
        {
            ("""{"s1":{"cursor":"c10"},"s2":{"n":1}}""", "state value for \"s2\".n must be a string"),
            ("""{"s1":"x"}""", "source \"s1\" value must be an object"),
            ("not json", "invalid JSON"),
        })
        {
            var result = await HelrProcess.RunAsync($"state import -c {config}", stdin: bad);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(error, result.Stderr);
        }
        Assert.Equal("s1\n  cursor: c9\n  keep: me\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
    }

    [Fact]
    public async Task Import_of_state_for_a_source_the_config_does_not_have_warns_and_stores_it_all_the_same()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");

        // An export taken before s1 was renamed from s0: stored under s0 without a word, while s1 started afresh.
        var import = await HelrOk($"state import -c {config}", stdin: """
            {"s0": {"cursor": "c1"}, "s1": {"cursor": "c9"}, "helr:shared:oauth2:0a1b2c": {"rotated_at": "1700000000"}}
            """);

        var warning = Assert.Single(import.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Equal($"warning: imported state for 's0', which is not a source in {config} (sources: s1); did you mean 's1'?", warning);
        Assert.Contains("state import complete: 3 keys", import.Stderr);
        Assert.Contains("cursor: c1", (await HelrOk($"state show s0 -c {config}")).Stdout);
    }

    [Theory]
    [InlineData("global:\nstate:\n  backend: sqlite\n  path: {db}\n", "error: state: not a key here; state belongs under global: (global.state)")]
    [InlineData("global:\n  stat:\n    backend: sqlite\n    path: {db}\n", "error: global.stat: unknown key; did you mean 'state'?")]
    [InlineData("global:\n  - state:\n      backend: sqlite\n      path: {db}\n", "error: global: expected a map of keys, found a list")]
    public async Task A_misplaced_state_block_is_an_error_not_a_silent_import_into_memory(string global, string error)
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", global.Replace("{db}", dir.File("state.db")) + "sources:\n  s1:\n    url: https://example.com/logs\n");

        var import = await HelrProcess.RunAsync($"state import -c {config}", dir.Path, stdin: """{"s1":{"cursor":"c9"}}""");

        Assert.True(import.ExitCode == 1, import.ToString());
        Assert.Contains(error, import.Stderr);
        Assert.DoesNotContain("state import complete", import.Stderr);
        var set = await HelrProcess.RunAsync($"state set s1 cursor c9 -c {config}", dir.Path);
        Assert.True(set.ExitCode == 1, set.ToString());
    }

    [Fact]
    public async Task Import_reads_an_export_an_editor_saved_with_a_byte_order_mark()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");

        var result = await HelrProcess.RunAsync($"state import -c {config}", stdin: "\uFEFF" + """{"s1":{"cursor":"c9"}}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("s1\n  cursor: c9\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
    }
}
