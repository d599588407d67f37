using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

using static Helr.EndToEnd.Tests.Support.PluginFolders;

namespace Helr.EndToEnd.Tests.Plugins;

/// <summary>
/// A run loads only the plugin folders whose source types its config uses; validate and
/// <c>plugins list</c> still load every folder and report the broken ones.
/// </summary>
public sealed class PluginLoadingTests
{
    /// <summary>plugins/ with generic, okta, and a folder that fails to load (no entry point).</summary>
    private static string Plugins(TempDir dir)
    {
        var plugins = dir.File("plugins");
        foreach (var name in new[] { "generic", "okta" }) Copy(Path.Combine(RepoPaths.Dist, "plugins", name), Path.Combine(plugins, name));
        Copy(Fixture("NoEntryPointPlugin"), Path.Combine(plugins, "no-entry"));
        return plugins;
    }

    [Fact]
    public async Task A_run_loads_only_the_plugin_its_sources_use()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        using var dir = new TempDir();
        var plugins = Plugins(dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              only-generic:
                type: generic
                url: {api.Url("/audit")}
            """);

        var result = await HelrProcess.RunAsync($"run --once -v -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "a1" }, result.Lines.EventField("id"));
        Assert.Contains("plugins loaded: generic (1 of 3 folders", result.Stderr);
        // The broken folder was never loaded, so the run has nothing to say about it.
        Assert.DoesNotContain("no-entry", result.Stderr);

        // validate checks the whole installation: every folder loads, the broken one is reported.
        var validate = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("warning: plugin folder 'no-entry' failed to load", validate.Stderr);
    }

    [Fact]
    public async Task A_type_from_a_folder_not_named_like_it_is_found_by_loading_the_folders_in_order()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""[{"id":"b1"}]"""));
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "okta"), Path.Combine(plugins, "okta"));
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "zz-renamed"));
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "okta"), Path.Combine(plugins, "zz-unused"));
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                type: generic
                url: {api.Url("/audit")}
            """);

        var result = await HelrProcess.RunAsync($"run --once -v -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "b1" }, result.Lines.EventField("id"));
        // No folder is named generic: folders load in order until one provides it, and no further.
        Assert.Contains("plugins loaded: okta, generic (2 of 3 folders", result.Stderr);
    }

    // deploy.md: drop a plugin folder in, then `systemctl reload helr`. The folders were listed once at
    // start, so the reload was rejected with "unknown source type" until helr was restarted.
    [Fact]
    public async Task A_plugin_folder_added_while_helr_runs_is_found_by_a_reload()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        var source = $"sources:\n  s1:\n    type: generic\n    url: {api.Url("/audit")}\n    schedule: {{ interval_secs: 3600 }}\n";
        var config = dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\n{source}");
        await using var helr = HelrProcess.Start($"run -c {config} --plugins-dir {plugins}", dir.Path);
        await helr.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\n{source}  added:\n    type: faulty-cycle\n");
        helr.Signal("HUP");

        await helr.WaitForStderrAsync("config reloaded (SIGHUP): added [added]", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("unknown source type", helr.Stderr, StringComparison.Ordinal);
        // The new plugin's source runs: its cycle fails by design, naming the plugin.
        await helr.WaitForStderrAsync("poll failed: added: plugin 'faulty'", TimeSpan.FromSeconds(30));
    }

    // A folder that failed to load kept that failure for the whole run, so copying in what it lacked and
    // reloading changed nothing; a loaded plugin replaced by a new build went on silently as it was.
    [Fact]
    public async Task A_reload_retries_a_folder_that_failed_and_warns_of_a_loaded_one_replaced()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Directory.CreateDirectory(Path.Combine(plugins, "faulty"));
        var source = $"sources:\n  s1:\n    type: generic\n    url: {api.Url("/audit")}\n    schedule: {{ interval_secs: 3600 }}\n";
        var config = dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\n{source}");
        await using var helr = HelrProcess.Start($"run -c {config} --plugins-dir {plugins}", dir.Path);
        await helr.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\n{source}  added:\n    type: faulty-cycle\n");
        helr.Signal("HUP");
        await helr.WaitForStderrAsync("reload: sources.added.type: unknown source type 'faulty-cycle'", TimeSpan.FromSeconds(30));
        Copy(Fixture("FaultyPlugin"), Path.Combine(plugins, "faulty"));
        helr.Signal("HUP");
        await helr.WaitForStderrAsync("config reloaded (SIGHUP): added [added]", TimeSpan.FromSeconds(30));

        var assembly = Path.Combine(plugins, "faulty", "FaultyPlugin.dll");
        File.SetLastWriteTimeUtc(assembly, File.GetLastWriteTimeUtc(assembly).AddMinutes(1));
        helr.Signal("HUP");
        await helr.WaitForStderrAsync("reload: plugin folder 'faulty' changed since helr loaded it; the loaded version runs on until helr is restarted", TimeSpan.FromSeconds(30));
    }

    // Only one of them builds the sources of that type: which one was silent, so a copied or renamed
    // plugin folder could keep an old version in use unnoticed.
    [Fact]
    public async Task Validate_warns_when_two_plugin_folders_provide_the_same_type()
    {
        using var dir = new TempDir();
        var plugins = dir.File("plugins");
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic"));
        Copy(Path.Combine(RepoPaths.Dist, "plugins", "generic"), Path.Combine(plugins, "generic-old"));
        var config = dir.Write("helr.yaml", "sources:\n  s1:\n    url: https://example.com/logs\n");

        var result = await HelrProcess.RunAsync($"validate -c {config} --plugins-dir {plugins}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: source type 'generic' is provided by plugin folders 'generic' and 'generic-old'; 'generic' is used", result.Stderr);
    }
}
