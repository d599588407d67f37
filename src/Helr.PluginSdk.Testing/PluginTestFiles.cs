namespace Helr.PluginSdk.Testing;

/// <summary>
/// A plugin folder's <c>testdata/</c> and <c>sample.yaml</c>, as a plugin's test project copies them
/// beside its tests (see <c>plugins/Generic/tests</c>): every vendor plugin reads them the same way.
/// </summary>
public static class PluginTestFiles
{
    /// <summary>The text of <c>testdata/<paramref name="name"/></c>.</summary>
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name));

    /// <summary><c>testdata/<paramref name="name"/></c> served as a JSON response with <paramref name="status"/>.</summary>
    public static FakeResponse Json(string name, int status = 200) => FakeResponse.Json(Read(name), status);

    /// <summary>
    /// The keys of the first source in <c>sample.yaml</c>, without comments, as <see cref="SourceHarness"/>
    /// takes them, with <paramref name="replace"/> applied to each line (to point the sample at a fake
    /// server). Its <c>type</c> is kept (<c>type: generic</c> when it has none, as helr reads it), so the
    /// harness refuses a sample that helr would not build with the source type under test.
    /// </summary>
    public static string SampleSourceKeys(Func<string, string>? replace = null)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "sample.yaml"));
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "sources:") + 2;
        var keys = lines.Skip(start)
            .TakeWhile(l => l.Length == 0 || l.StartsWith("    ", StringComparison.Ordinal))
            .Where(l => !l.Trim().StartsWith('#'))
            .Select(l => l.Length >= 4 ? l[4..] : l)
            .ToList();
        if (!keys.Any(l => l.StartsWith("type:", StringComparison.Ordinal))) keys.Insert(0, "type: generic");
        return string.Join("\n", keys.Select(l => replace?.Invoke(l) ?? l));
    }
}
