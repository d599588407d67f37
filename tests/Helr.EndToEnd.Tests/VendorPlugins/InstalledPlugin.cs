using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>A vendor plugin as the build drops it beside helr (dist/plugins/&lt;name&gt;/), seen by the real helr.</summary>
internal static class InstalledPlugin
{
    /// <summary>
    /// Asserts <c>helr plugins list --json</c> (default plugins folder beside helr) shows the plugin
    /// loaded, with its own version and its one source type.
    /// </summary>
    public static async Task AssertListedAsync(string name, string version)
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Dist, "plugins", name, $"Helr.Plugins.{Capitalised(name)}.dll")), $"dist/plugins/{name} was not built");
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync("plugins list --json", dir.Path);
        using var doc = JsonDocument.Parse(result.Stdout);
        var row = doc.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
        Assert.Equal(version, row.GetProperty("version").GetString());
        Assert.Equal(new[] { name }, row.GetProperty("source_types").EnumerateArray().Select(t => t.GetString()));
    }

    private static string Capitalised(string name) => name switch
    {
        "github" => "GitHub",
        _ => char.ToUpperInvariant(name[0]) + name[1..],
    };
}
