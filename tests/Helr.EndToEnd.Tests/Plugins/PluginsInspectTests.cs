using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

using static Helr.EndToEnd.Tests.Support.PluginFolders;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// <c>helr plugins inspect NAME</c> (version, source types, their keys with types and defaults, the
/// sample config) and <c>helr plugins list -c</c> (which configured sources use which plugin).
/// </summary>
public sealed class PluginsInspectTests
{
    private const string Sample = "sources:\n  vendor-events:\n    type: tokenvendor\n    url: https://vendor.example/events\n";

    private static string Plugins(TempDir dir)
    {
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "TokenVendorPlugin"), Path.Combine(plugins, "tokenvendor"));
        File.WriteAllText(Path.Combine(plugins, "tokenvendor", "sample.yaml"), Sample);
        return plugins;
    }

    [Fact]
    public async Task Inspect_prints_version_source_types_their_keys_with_types_and_defaults_and_the_sample()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);

        var result = await HelrProcess.RunAsync($"plugins inspect tokenvendor --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("plugin: tokenvendor\n", result.Stdout);
        Assert.Contains("version: 1.0.0\n", result.Stdout);
        Assert.Contains("sdk: 1.0.0\n", result.Stdout);
        Assert.Contains("source type: tokenvendor  fixture vendor:", result.Stdout);
        Assert.Contains("  url: url (required)  the events endpoint\n", result.Stdout);
        Assert.Contains("  max_pages: integer (default 100)  pages per cycle at most\n", result.Stdout);
        Assert.Contains("  client_secret_env: string (no default)", result.Stdout);
        Assert.EndsWith("sample.yaml):\n" + Sample, result.Stdout);
    }

    [Fact]
    public async Task Inspect_of_a_plugin_that_describes_no_keys_and_has_no_sample_says_so()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        // A fixture whose source types declare no ConfigKeys and whose folder holds no sample.yaml.
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        var result = await HelrProcess.RunAsync($"plugins inspect faulty --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("source type: faulty-create", result.Stdout);
        Assert.Contains("(the source type does not describe its keys)", result.Stdout);
        Assert.Contains("sample config: none (no sample.yaml in the plugin folder)", result.Stdout);
    }

    // ConfigKeys is the plugin's code: one that threw ended inspect with an unhandled exception and no sample.
    [Fact]
    public async Task Inspect_of_a_source_type_whose_keys_throw_says_so_and_prints_the_rest()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "throws-in-keys"));
        var result = await HelrProcess.RunAsync($"plugins inspect throws-in-keys --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("source type: faulty-create", result.Stdout);
        Assert.Contains("  (its ConfigKeys threw InvalidOperationException: faulty keys)", result.Stdout);
        Assert.Contains("sample config: none (no sample.yaml in the plugin folder)", result.Stdout);
    }

    [Fact]
    public async Task Inspect_of_an_unknown_plugin_fails_naming_the_plugins_found()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"plugins inspect nosuch --plugins-dir {Plugins(dir)}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: no plugin 'nosuch' in ", result.Stderr);
        Assert.Contains("(found: generic, tokenvendor)", result.Stderr);
    }

    [Fact]
    public async Task List_with_a_config_names_the_sources_of_each_plugin()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", """
            sources:
              audit:
                type: generic
                url: https://example.com/logs
              events:
                type: tokenvendor
                url: https://vendor.example/events
              more-audit:
                type: generic
                url: https://example.com/more
            """);

        var text = await HelrProcess.RunAsync($"plugins list -c {config} --plugins-dir {plugins}", dir.Path);
        var json = await HelrProcess.RunAsync($"plugins list --json -c {config} --plugins-dir {plugins}", dir.Path);
        var missing = await HelrProcess.RunAsync($"plugins list -c {dir.File("nope.yaml")} --plugins-dir {plugins}", dir.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("types: generic  ", text.Stdout);
        Assert.Contains("    sources: audit, more-audit\n", text.Stdout);
        Assert.Contains("    sources: events\n", text.Stdout);
        using var rows = JsonDocument.Parse(json.Stdout);
        var sources = rows.RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!, r => r.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.Equal(new[] { "audit", "more-audit" }, sources["generic"]);
        Assert.Equal(new[] { "events" }, sources["tokenvendor"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr);
    }

    [Fact]
    public async Task List_with_a_config_counts_a_source_without_a_type_as_generic()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        // No type: is a generic source (the default), the most common kind in a config.
        var config = dir.Write("helr.yaml", "sources:\n  audit:\n    url: https://example.com/logs\n");

        var text = await HelrProcess.RunAsync($"plugins list -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("types: generic  ", text.Stdout);
        Assert.Contains("    sources: audit\n", text.Stdout);
    }

    // run builds `type: Generic` with the generic plugin (types are matched ignoring case) and a type two
    // folders provide with the folder named like it; the listing said `sources: (none)` for the first and
    // named the source under both folders for the second.
    [Fact]
    public async Task List_with_a_config_names_each_source_under_the_plugin_that_builds_it()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        Copy(Path.Combine(plugins, "tokenvendor"), Path.Combine(plugins, "a-tokenvendor-old"));
        var config = dir.Write("helr.yaml", """
            sources:
              audit:
                type: Generic
                url: https://example.com/logs
              events:
                type: TokenVendor
                url: https://vendor.example/events
            """);

        var json = await HelrProcess.RunAsync($"plugins list --json -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var rows = JsonDocument.Parse(json.Stdout);
        var sources = rows.RootElement.EnumerateArray().ToDictionary(
            r => Path.GetFileName(Path.GetDirectoryName(r.GetProperty("path").GetString()))!,
            r => r.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ToArray());
        Assert.Equal(new[] { "audit" }, sources["generic"]);
        Assert.Equal(new[] { "events" }, sources["tokenvendor"]);
        Assert.Empty(sources["a-tokenvendor-old"]);
    }

    [Fact]
    public async Task List_with_a_config_that_is_not_yaml_still_lists_the_plugins()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", "sources: [\n  audit\n");

        var text = await HelrProcess.RunAsync($"plugins list -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("types: generic  ", text.Stdout);
        Assert.Contains($"warning: cannot read the sources of {config}: ", text.Stderr);
        Assert.DoesNotContain("Unhandled exception", text.Stderr);
    }

    // YamlDotNet's loading is recursive: this overflowed the stack.
    [Fact]
    public async Task List_with_a_config_nested_too_deep_still_lists_the_plugins()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", $"sources:\n  audit:\n    url: https://example.com/logs\n    body: {new string('[', 100_000)}{new string(']', 100_000)}\n");

        var text = await HelrProcess.RunAsync($"plugins list -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("types: generic  ", text.Stdout);
        Assert.Contains($"warning: cannot read the sources of {config}: ", text.Stderr);
        Assert.DoesNotContain("Unhandled exception", text.Stderr);
    }

    // YamlDotNet throws InvalidOperationException, not a YamlException, for a '{' never closed: the listing died with a stack trace.
    [Fact]
    public async Task List_with_a_config_whose_flow_map_is_never_closed_still_lists_the_plugins()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", "sources:\n  audit:\n    url: https://example.com/logs\n    headers: {Accept: json\n  more: x\n");

        var text = await HelrProcess.RunAsync($"plugins list -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("types: generic  ", text.Stdout);
        Assert.Contains($"warning: cannot read the sources of {config}: ", text.Stderr);
        Assert.DoesNotContain("Unhandled exception", text.Stderr);
    }
}
