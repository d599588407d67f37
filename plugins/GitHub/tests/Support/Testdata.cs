namespace Helr.Plugins.GitHub.Tests.Support;

/// <summary>The plugin's testdata/ and sample.yaml, copied beside the tests.</summary>
internal static class Testdata
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name));

    public static FakeResponse Json(string name, int status = 200) => FakeResponse.Json(Read(name), status);

    /// <summary>
    /// The keys of the one source in sample.yaml, without <c>type</c>, as SourceHarness takes them,
    /// with <paramref name="replace"/> applied to each line (to point the sample at a fake server).
    /// </summary>
    public static string SampleSourceKeys(Func<string, string>? replace = null)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "sample.yaml"));
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "sources:") + 2;
        return string.Join("\n", lines.Skip(start)
            .TakeWhile(l => l.Length == 0 || l.StartsWith("    ", StringComparison.Ordinal))
            .Where(l => !l.StartsWith("    type:", StringComparison.Ordinal) && !l.Trim().StartsWith('#'))
            .Select(l => l.Length >= 4 ? l[4..] : l)
            .Select(l => replace?.Invoke(l) ?? l));
    }
}
