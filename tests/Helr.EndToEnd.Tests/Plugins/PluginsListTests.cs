using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

using static Helr.EndToEnd.Tests.Support.PluginFolders;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// Plugin discovery with broken folders beside a good one: each broken plugin is listed with its own
/// error, and the good plugin keeps working.
/// </summary>
public sealed class PluginsListTests
{
    /// <summary>plugins/ with generic plus a garbage DLL, an assembly without entry point, an SDK 2 plugin and an empty folder.</summary>
    private static string PluginsWithBrokenFolders(TempDir dir)
    {
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Directory.CreateDirectory(Path.Combine(plugins, "bad-dll"));
        File.WriteAllBytes(Path.Combine(plugins, "bad-dll", "bad-dll.dll"), "MZ this is not a PE image"u8.ToArray().Concat(new byte[512]).ToArray());
        Copy(Fixture("NoEntryPointPlugin"), Path.Combine(plugins, "no-entry"));
        Copy(Fixture("WrongMajorPlugin"), Path.Combine(plugins, "wrong-major"));
        Directory.CreateDirectory(Path.Combine(plugins, "empty"));
        return plugins;
    }

    private static Dictionary<string, JsonElement> ByName(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());
    }

    [Fact]
    public async Task Lists_the_good_plugin_and_a_specific_error_for_each_broken_one()
    {
        using var dir = new TempDir();
        var plugins = PluginsWithBrokenFolders(dir);
        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode != 0, result.ToString());
        var rows = ByName(result.Stdout);
        Assert.Equal(new[] { "bad-dll", "empty", "generic", "no-entry", "wrong-major" }, rows.Keys.Order(StringComparer.Ordinal));

        var generic = rows["generic"];
        Assert.Equal(JsonValueKind.Null, generic.GetProperty("error").ValueKind);
        Assert.Matches(@"^\d+\.\d+\.\d+$", generic.GetProperty("version").GetString());
        Assert.Matches(@"^1\.\d+\.\d+$", generic.GetProperty("sdk_version").GetString());
        Assert.Equal(new[] { "generic" }, generic.GetProperty("source_types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Path.Combine(plugins, "generic", "Helr.Plugins.Generic.dll"), generic.GetProperty("path").GetString());

        Assert.StartsWith("cannot read assembly", rows["bad-dll"].GetProperty("error").GetString());
        Assert.Equal(Path.Combine(plugins, "bad-dll", "bad-dll.dll"), rows["bad-dll"].GetProperty("path").GetString());

        Assert.Equal("no plugin assembly found (expected <Name>.dll with <Name>.deps.json)", rows["empty"].GetProperty("error").GetString());
        // Escaped as JSON needs, not as HTML does (\u003CName\u003E).
        Assert.Contains("expected <Name>.dll", result.Stdout);

        Assert.Contains("missing entry point", rows["no-entry"].GetProperty("error").GetString());
        Assert.Contains("IHelrPlugin", rows["no-entry"].GetProperty("error").GetString());

        var wrong = rows["wrong-major"];
        Assert.Equal("2.0.0", wrong.GetProperty("sdk_version").GetString());
        var error = wrong.GetProperty("error").GetString()!;
        Assert.Contains("2.0.0", error);
        Assert.Matches(@"provides SDK 1\.\d+\.\d+", error);
        Assert.All(rows.Where(r => r.Key != "generic"), r => Assert.Empty(r.Value.GetProperty("source_types").EnumerateArray()));
    }

    [Fact]
    public async Task The_text_listing_marks_each_broken_plugin_as_failed()
    {
        using var dir = new TempDir();
        var plugins = PluginsWithBrokenFolders(dir);
        var result = await HelrProcess.RunAsync($"plugins list --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"plugins folder: {plugins}", result.Stdout);
        Assert.Contains("  generic ", result.Stdout);
        foreach (var broken in new[] { "bad-dll", "no-entry", "wrong-major" }) Assert.Contains($"  {broken} FAILED: ", result.Stdout);
    }

    [Fact]
    public async Task Sources_of_the_good_plugin_still_validate_and_run_with_broken_folders_present()
    {
        using var dir = new TempDir();
        var plugins = PluginsWithBrokenFolders(dir);
        var config = dir.Write("helr.yaml", """
            sources:
              s1:
                type: generic
                url: https://example.com/logs
                pagination:
                  strategy: link_header
            """);
        var validate = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("s1 [generic]", validate.Stderr);
        // Broken folders are not silent outside `plugins list` either.
        Assert.Contains("warning: plugin folder 'no-entry' failed to load, so its source types are unavailable: ", validate.Stderr);

        var unknown = dir.Write("unknown.yaml", "sources:\n  s1:\n    type: wrongmajor\n    url: https://example.com/logs\n");
        var rejected = await HelrProcess.RunAsync($"validate -c {unknown} --plugins-dir {plugins}", dir.Path);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("sources.s1.type: unknown source type 'wrongmajor' (available: generic)", rejected.Stderr);

        // A type named like a broken folder gets that folder's error, not only "unknown".
        var named = dir.Write("named.yaml", "sources:\n  s1:\n    type: no-entry\n    url: https://example.com/logs\n");
        var explained = await HelrProcess.RunAsync($"validate -c {named} --plugins-dir {plugins}", dir.Path);
        Assert.Equal(1, explained.ExitCode);
        Assert.Contains("sources.s1.type: unknown source type 'no-entry' (available: generic); plugin folder 'no-entry' failed to load: ", explained.Stderr);
        Assert.Contains("missing entry point", explained.Stderr);
    }

    [Fact]
    public async Task A_plugins_folder_that_does_not_exist_is_an_error_not_an_empty_list()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-folder");
        var list = await HelrProcess.RunAsync($"plugins list --plugins-dir {missing}", dir.Path);
        Assert.Equal(1, list.ExitCode);
        Assert.Contains($"error: the plugins folder {missing} does not exist", list.Stderr);

        var config = dir.Write("helr.yaml", "sources:\n  s1:\n    url: https://example.com/logs\n");
        var validate = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {missing}", dir.Path);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"unknown source type 'generic' (available: none; no plugin loaded); the plugins folder {missing} does not exist", validate.Stderr);
    }

    [Fact]
    public async Task HELR_PLUGINS_DIR_overrides_the_folder_beside_helr_and_the_flag_overrides_both()
    {
        using var dir = new TempDir();
        var fromEnv = dir.File("env-plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(fromEnv, "generic-copy"));
        var env = new Dictionary<string, string?> { ["HELR_PLUGINS_DIR"] = fromEnv };

        var result = await HelrProcess.RunAsync("plugins list --json", dir.Path, env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        var row = Assert.Single(ByName(result.Stdout)).Value;
        Assert.Equal(Path.Combine(fromEnv, "generic-copy", "Helr.Plugins.Generic.dll"), row.GetProperty("path").GetString());

        var empty = dir.File("no-plugins");
        Directory.CreateDirectory(empty);
        var flagWins = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {empty}", dir.Path, env: env);
        Assert.True(flagWins.ExitCode == 0, flagWins.ToString());
        Assert.Empty(ByName(flagWins.Stdout));

        // With no generic plugin at all, a source has no type to be built by, and validate says so.
        var config = dir.Write("helr.yaml", "sources:\n  s1:\n    url: https://example.com/logs\n");
        var validate = await HelrProcess.RunAsync($"validate -c {config}", dir.Path, env: new Dictionary<string, string?> { ["HELR_PLUGINS_DIR"] = empty });
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("sources.s1.type: unknown source type 'generic' (available: none; no plugin loaded)", validate.Stderr);
    }

    [Fact]
    public async Task By_default_the_plugins_folder_beside_helr_is_used()
    {
        var result = await HelrProcess.RunAsync("plugins list --json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var generic = ByName(result.Stdout)["generic"];
        Assert.Equal(Path.Combine(RepoPaths.Dist, "plugins", "generic", "Helr.Plugins.Generic.dll"), generic.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_plugin_loads_its_private_dependency_from_its_own_folder()
    {
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Copy(Fixture("DependentPlugin"), Path.Combine(plugins, "dependent"));
        Assert.True(File.Exists(Path.Combine(plugins, "dependent", "PrivateDependency.dll")));
        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ByName(result.Stdout);
        Assert.Equal(new[] { "generic", "with-dependency" }, rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, rows["with-dependency"].GetProperty("error").ValueKind);
        Assert.Equal("1.2.3", rows["with-dependency"].GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_plugin_gets_its_own_copy_of_a_library_helr_also_ships()
    {
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Fixture("IsolatedPlugin"), Path.Combine(plugins, "isolated"));
        Assert.True(File.Exists(Path.Combine(plugins, "isolated", "Serilog.dll")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Dist, "Serilog.dll")));
        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {plugins}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        // The plugin's name comes from a type only its own Serilog.dll has; helr's copy would fail to load it.
        var row = Assert.Single(ByName(result.Stdout)).Value;
        Assert.Equal("isolated", row.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_framework_assembly_in_a_plugin_folder_is_still_the_runtime_s()
    {
        using var dir = new TempDir();
        var plugin = Path.Combine(dir.File("plugins"), "fw");
        Copy(Fixture("FrameworkUserPlugin"), plugin);
        // As a plugin that pins a framework package would ship it: a private copy could clash with the runtime's own.
        var runtimeCopy = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "System.Formats.Asn1.dll");
        File.Copy(runtimeCopy, Path.Combine(plugin, "System.Formats.Asn1.dll"));
        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {dir.File("plugins")}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("framework-shared", Assert.Single(ByName(result.Stdout)).Key);
    }
}
