using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The vendor plugins as the build deploys them: dist/plugins/&lt;name&gt;/ beside helr.</summary>
internal static class BuiltPlugins
{
    public static string Folder => Path.Combine(RepoPaths.Dist, "plugins");

    /// <summary>Asserts that <c>helr plugins list --json</c> shows <paramref name="name"/> loaded with <paramref name="version"/>.</summary>
    public static async Task AssertListedAsync(string name, string version, TempDir dir)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, name)), $"dist/plugins/{name} was not built (build Helr.sln first)");
        var list = await HelrProcess.RunAsync($"plugins list --json --plugins-dir {Folder}", dir.Path);
        using var rows = JsonDocument.Parse(list.Stdout);
        var row = rows.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
        Assert.Equal(version, row.GetProperty("version").GetString());
    }
}
