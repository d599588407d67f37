using Helr.Plugins.Generic.Hooks;
using Helr.Plugins.Generic.Tests.Support;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary><c>sources.&lt;id&gt;.hooks</c>: read, resolved and compiled when the config loads.</summary>
public class HookConfigTests
{
    private static readonly HookSettings On = new() { Enabled = true, Path = "/etc/helr/hooks" };

    // entry is one more source key in JSON, written with ' for " to keep the cases readable.
    private static (ISource? Source, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) Read(string entry, HookSettings? hooks = null, IHelrEnvironment? env = null)
    {
        var json = "{\"url\": \"https://a.example.com/\", " + entry.Replace('\'', '"') + "}";
        var config = ConfigTree.Source(json);
        var source = new GenericSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = env ?? new FakeEnvironment(), Hooks = hooks ?? On });
        config.ReportUnknownKeys();
        return (source, config.Errors.Errors.Select(e => e.ToString()).ToList(), config.Errors.Warnings.Select(w => w.ToString()).ToList());
    }

    [Fact]
    public void An_inline_script_builds_a_hook_source_without_warnings()
    {
        var (source, errors, warnings) = Read("'hooks': {'script_inline': 'function parseResponse(ctx, r) { return []; }'}");
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.IsType<HookSource>(source);
    }

    [Fact]
    public void A_script_file_is_read_from_global_hooks_path()
    {
        var env = new FileEnvironment { ["/etc/helr/hooks/okta.js"] = "const getAuth = (ctx) => null;" };
        var (source, errors, _) = Read("'hooks': {'script': 'okta.js'}", env: env);
        Assert.Empty(errors);
        Assert.True(((HookSource)source!).Sandbox.Script.Defines("getAuth"));
        Assert.Equal("/etc/helr/hooks/okta.js", ((HookSource)source!).Sandbox.Script.File);
    }

    [Theory]
    [InlineData("a.js", "/etc/helr/hooks", "/etc/helr/hooks/a.js")]
    [InlineData("./js/a.js", "/etc/helr/hooks", "./js/a.js")]
    [InlineData("/opt/a.js", "/etc/helr/hooks", "/opt/a.js")]
    [InlineData("sub/a.js", "./hooks", "./hooks/sub/a.js")]
    public void Script_paths_resolve_as_upstream(string script, string folder, string expected) =>
        Assert.Equal(expected, HookScript.ResolvePath(script, folder));

    [Fact]
    public void Inline_wins_over_the_file()
    {
        var (source, errors, _) = Read("'hooks': {'script': 'missing.js', 'script_inline': 'function getAuth(ctx) { return null; }'}");
        Assert.Empty(errors);
        Assert.Equal("script_inline", ((HookSource)source!).Sandbox.Script.File);
    }

    [Fact]
    public void Hooks_while_hooks_are_disabled_is_an_error_saying_so()
    {
        var (source, errors, _) = Read("'hooks': {'script_inline': 'function getAuth(ctx) { return null; }'}", HookSettings.Disabled);
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.hooks: this source has hooks but hooks are disabled: set global.hooks.enabled: true to run its script (or remove the hooks block)" }, errors);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_line_and_column()
    {
        var (source, errors, _) = Read("'hooks': {'script_inline': 'function getAuth(ctx) {\\n  return null;\\n}\\nfunction parseResponse(ctx, r) {\\n  return [;\\n}'}");
        Assert.Null(source);
        var error = Assert.Single(errors);
        Assert.StartsWith("sources.s.hooks.script_inline: syntax error in script_inline at line 5, column ", error);
    }

    [Fact]
    public void An_unreadable_script_file_is_an_error_naming_the_path()
    {
        var (_, errors, _) = Read("'hooks': {'script': 'nope.js'}");
        var error = Assert.Single(errors);
        Assert.StartsWith("sources.s.hooks.script: cannot read the hook script /etc/helr/hooks/nope.js (global.hooks.path is /etc/helr/hooks)", error);
    }

    [Theory]
    [InlineData("'hooks': {'scrpt': 'a.js', 'script_inline': 'x'}", "sources.s.hooks.scrpt: unknown key; did you mean 'script'?")]
    [InlineData("'hooks': {'script_inline': 'x', 'script_inlne': 'x'}", "sources.s.hooks.script_inlne: unknown key; did you mean 'script_inline'?")]
    [InlineData("'hooks': {}", "sources.s.hooks: set either script or script_inline")]
    [InlineData("'hooks': {'script_inline': '   '}", "sources.s.hooks: set either script or script_inline")]
    [InlineData("'hooks': {'script': ''}", "sources.s.hooks.script: must not be empty")]
    [InlineData("'hooks': {'script': ['a.js']}", "sources.s.hooks.script: expected a string, found a list")]
    [InlineData("'hooks': 'a.js'", "sources.s.hooks: expected a map of keys, found a value")]
    public void A_wrong_value_is_an_error_naming_the_key(string entry, string error) =>
        Assert.Contains(error, Read(entry).Errors);

    // The trackers see only the pages the declarative pagination reads: with getNextPage paging, the
    // watermark never moved and each cycle sent the same range start, and nothing said so.
    [Fact]
    public void A_watermark_or_incremental_from_under_getNextPage_paging_is_warned_about_naming_the_key()
    {
        const string tracked = "'state': {'watermark_field': 'at', 'watermark_param': 'since'}, 'incremental_from': {'state_key': 'inc', 'event_timestamp_path': 'at', 'param_name': 'after'}";
        var (_, errors, warnings) = Read(tracked + ", 'hooks': {'script_inline': 'function getNextPage(ctx, q, r) { return null; }'}");
        Assert.Empty(errors);
        Assert.Contains(warnings, w => w.Contains("state.watermark_field", StringComparison.Ordinal) && w.Contains("getNextPage", StringComparison.Ordinal) && w.Contains("under watermark", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("incremental_from.event_timestamp_path", StringComparison.Ordinal) && w.Contains("under inc", StringComparison.Ordinal));

        var (_, _, declarative) = Read(tracked + ", 'hooks': {'script_inline': 'function parseResponse(ctx, r) { return []; }'}");
        Assert.Empty(declarative);
    }
}
