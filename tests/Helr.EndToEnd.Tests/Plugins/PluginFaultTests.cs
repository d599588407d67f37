using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

using static Helr.EndToEnd.Tests.Support.PluginFolders;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// Plugins that throw (in their constructor, in <c>Create</c>, in a cycle) are reported with their name
/// while the rest of helr runs; two plugins shipping different versions of one library both work.
/// </summary>
public sealed class PluginFaultTests
{
    /// <summary>plugins/ with generic, the faulty plugin, and the same faulty build in a folder whose name makes its constructor throw.</summary>
    private static string Plugins(TempDir dir)
    {
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "throws-in-ctor"));
        return plugins;
    }

    [Fact]
    public async Task A_plugin_whose_constructor_throws_is_listed_as_failed_with_the_reason_and_the_others_load()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {Plugins(dir)}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.Clone());
        Assert.Equal("InvalidOperationException: faulty plugin refuses to start", rows["throws-in-ctor"].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, rows["faulty"].GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows["generic"].GetProperty("error").ValueKind);
    }

    // SourceTypes was first read when a type was looked up: its exception, or a null name, ended plugins list and validate with an unhandled exception.
    [Fact]
    public async Task A_plugin_whose_source_types_throw_or_have_no_name_is_listed_as_failed_and_the_others_load()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "throws-in-types"));
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "nameless-type"));

        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {plugins}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToDictionary(r => Path.GetFileName(Path.GetDirectoryName(r.GetProperty("path").GetString()))!, r => r.Clone());
        Assert.Equal("TypeInitializationException: The type initializer for 'FaultyPlugin.Types' threw an exception.",
            rows["throws-in-types"].GetProperty("error").GetString());
        Assert.Equal("source type 1 of 1 has no name (ISourceType.Name is empty)", rows["nameless-type"].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, rows["generic"].GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_plugin_whose_source_types_throw_does_not_stop_validating_the_other_sources()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        Directory.Delete(Path.Combine(plugins, "throws-in-ctor"), recursive: true);
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "throws-in-types"));
        var config = dir.Write("helr.yaml", "sources:\n  good:\n    type: generic\n    url: https://example.com/logs\n");

        var result = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("plugin folder 'throws-in-types' failed to load, so its source types are unavailable: TypeInitializationException", result.Stderr);
    }

    [Fact]
    public async Task A_plugin_that_throws_in_Create_is_named_in_the_sources_error()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", "sources:\n  bad:\n    type: faulty-create\n  good:\n    type: generic\n    url: https://example.com/logs\n");

        var result = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {Plugins(dir)}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.bad: plugin 'faulty' failed to build this source: ArgumentException: faulty create", result.Stderr);
        Assert.Contains("plugin folder 'throws-in-ctor' failed to load", result.Stderr);
    }

    // An exception whose Message getter throws (built from a field its type never set) ended plugins list,
    // validate and run with an unhandled exception and a stack trace instead of naming the plugin.
    [Fact]
    public async Task A_plugin_exception_whose_message_cannot_be_read_is_named_by_its_type()
    {
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "throws-unreadable"));
        var config = dir.Write("helr.yaml", "sources:\n  bad:\n    type: faulty-unreadable\n  good:\n    type: generic\n    url: https://example.com/logs\n");

        var list = await HelrProcess.RunAsync($"plugins list --plugins-dir {plugins}", dir.Path);
        var validate = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("throws-unreadable FAILED: UnreadableException (its message cannot be read: NullReferenceException)", list.Stdout);
        Assert.DoesNotContain("Unhandled exception", validate.Stderr);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("sources.bad: plugin 'faulty' failed to build this source: UnreadableException (its message cannot be read: NullReferenceException)", validate.Stderr);
        Assert.Contains("plugin folder 'throws-unreadable' failed to load", validate.Stderr);
    }

    [Fact]
    public async Task A_plugin_that_throws_in_a_cycle_is_named_and_the_other_sources_still_collect()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""{"entries":[{"id":"g1"},{"id":"g2"}]}"""));
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              broken:
                type: faulty-cycle
              good:
                type: generic
                url: {api.Url("/audit")}
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(new[] { "g1", "g2" }, result.Lines.EventField("id"));
        Assert.Contains("poll failed: broken: plugin 'faulty': threw NotSupportedException: faulty cycle", result.Stderr);
    }

    // A plugin's getter that threw as helr put its source together to run ended helr run with an unhandled
    // exception and a stack trace (a reload said "cannot be started"); run --once and test likewise, after the others' cycles.
    [Theory]
    [InlineData("run", false)]
    [InlineData("run --once", true)]
    [InlineData("test --source broken", false)]
    public async Task A_plugin_that_throws_as_its_source_starts_is_named_without_a_stack_trace(string command, bool othersCollect)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""{"entries":[{"id":"g1"}]}"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              broken:
                type: faulty-start
              good:
                type: generic
                url: {api.Url("/audit")}
            """);

        var result = await HelrProcess.RunAsync($"{command} -c {config} --plugins-dir {Plugins(dir)}", dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("sources.broken: cannot be started (plugin 'faulty'): FileNotFoundException: faulty start: extractor settings file is gone", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        // A continuous run starts whole or not at all; a one-cycle run collects the sources that could start.
        Assert.Equal(othersCollect ? ["g1"] : [], result.Lines.EventField("id"));
        Assert.Equal(othersCollect ? 1 : 0, api.Requests.Count);
    }

    [Fact]
    public async Task Two_plugins_with_conflicting_versions_of_one_library_both_work_in_one_process()
    {
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Fixture("DependentPlugin"), Path.Combine(plugins, "dependent"));
        Copy(Fixture("DependentPluginV2"), Path.Combine(plugins, "dependent-v2"));

        var result = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        // Each name comes from its own PrivateDependency: the older one lacks PluginV2, so sharing one copy fails one of them.
        using var doc = JsonDocument.Parse(result.Stdout);
        var names = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "with-dependency", "with-dependency-v2" }, names);
        var older = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(plugins, "dependent", "PrivateDependency.dll")).Version;
        Assert.True(older < new Version(2, 0, 0, 0), $"PrivateDependency of DependentPlugin is {older}");
        Assert.Equal(new Version(2, 0, 0, 0), System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(plugins, "dependent-v2", "PrivateDependency.dll")).Version);
    }
}
