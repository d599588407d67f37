namespace Helr.Plugins.Tailscale.Tests.Support;

/// <summary>The plugin folder's testdata/ and sample.yaml, copied beside the tests.</summary>
internal static class PluginFiles
{
    public static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name));

    /// <summary>The keys of the sample's first source (without <c>type</c>), as SourceHarness takes them.</summary>
    public static string SampleSource()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "sample.yaml"));
        var start = Array.FindIndex(lines, l => l.StartsWith("sources:", StringComparison.Ordinal)) + 2;
        var body = lines.Skip(start).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Length == 0)
            .Select(l => l.Length >= 4 ? l[4..] : l)
            .Where(l => !l.StartsWith("type:", StringComparison.Ordinal));
        return string.Join("\n", body);
    }
}
