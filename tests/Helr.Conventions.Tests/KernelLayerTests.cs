using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Helr.Conventions.Tests;

/// <summary>
/// Kernel folders depend one way, in the order a page travels (Cli → … → State), with the shared
/// leaves (Plugins, Config, Observability, Text) below them all. A file may use types of its own
/// folder and of folders after it in <see cref="Layers"/>; a use of an earlier folder is a back edge.
/// Found from the source text: every identifier a file uses that names a non-private type declared
/// in another folder (member accesses like <c>x.Name</c> do not count, <c>Folder.Type</c> does).
/// </summary>
public sealed class KernelLayerTests
{
    /// <summary>Top to bottom: a folder may use only the folders below it.</summary>
    public static readonly string[] Layers =
        ["(root)", "Cli", "Api", "Demo", "Scheduling", "Polling", "Http", "Replay", "Resilience", "Output", "State", "Plugins", "Config", "Observability", "Text"];

    // Back edges still to remove ("From -> To"); empty once the folders depend one way.
    private static readonly string[] Allowed =
    [
    ];

    [Fact]
    public void Every_kernel_folder_is_a_known_layer()
    {
        var unknown = Scan().Files.Select(f => f.Folder).Distinct().Where(f => !Layers.Contains(f)).ToList();
        Assert.True(unknown.Count == 0, $"kernel folders missing from KernelLayerTests.Layers: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void No_kernel_folder_uses_a_folder_above_it()
    {
        var edges = Edges();
        var back = edges.Where(e => IsBack(e.Key.From, e.Key.To) && !Allowed.Contains($"{e.Key.From} -> {e.Key.To}")).ToList();
        Assert.True(back.Count == 0, "back edges:\n" + string.Join("\n", back.Select(e => $"{e.Key.From} -> {e.Key.To}: {string.Join(", ", e.Value)}"))
            + "\n\nfull table:\n" + Table(edges));
        var stale = Allowed.Where(a => !edges.Keys.Any(k => $"{k.From} -> {k.To}" == a)).ToList();
        Assert.True(stale.Count == 0, $"allow-listed edges that no longer exist (remove them): {string.Join(", ", stale)}");
    }

    /// <summary>The dependency table, for a report: <c>dotnet test --filter Print_table --logger "console;verbosity=detailed"</c>.</summary>
    [Fact]
    public void Print_table()
    {
        var table = Table(Edges());
        Assert.NotEmpty(table);
        Console.WriteLine(table);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "helr-kernel-layers.txt"), table);
    }

    private static bool IsBack(string from, string to) =>
        Array.IndexOf(Layers, to) is var t && Array.IndexOf(Layers, from) is var f && t >= 0 && f >= 0 && t < f;

    public static string Table(SortedDictionary<(string From, string To), SortedSet<string>> edges)
    {
        var text = new StringBuilder();
        foreach (var ((from, to), names) in edges)
            text.AppendLine($"{(IsBack(from, to) ? "BACK " : "     ")}{from,-14} -> {to,-14} {string.Join(", ", names)}");
        return text.ToString();
    }

    public static SortedDictionary<(string From, string To), SortedSet<string>> Edges()
    {
        var (files, declared) = Scan();
        var edges = new SortedDictionary<(string From, string To), SortedSet<string>>(
            Comparer<(string From, string To)>.Create((a, b) =>
                Array.IndexOf(Layers, a.From) - Array.IndexOf(Layers, b.From) is var d && d != 0 ? d
                : Array.IndexOf(Layers, a.To) - Array.IndexOf(Layers, b.To) is var e && e != 0 ? e
                : string.CompareOrdinal(a.From + a.To, b.From + b.To)));
        foreach (var file in files)
        {
            foreach (Match m in Identifier.Matches(file.Text))
            {
                var name = m.Groups["name"].Value;
                var qualifier = Qualifier(file.Text, m.Index);
                if (qualifier == "" || (qualifier is not null && !Layers.Contains(qualifier))) continue;
                if (IsEnumMember(file.Text, m.Index, m.Length)) continue;
                // A property of that name (declared or set in an initializer), not the type.
                if (Regex.IsMatch(file.Text.Substring(m.Index + m.Length, Math.Min(16, file.Text.Length - m.Index - m.Length)), @"^\s*(=[^=>]|\{\s*get)")) continue;
                if (!declared.TryGetValue(name, out var folders)) continue;
                foreach (var to in folders)
                {
                    if (to == file.Folder || (qualifier is not null && qualifier != to)) continue;
                    if (!edges.TryGetValue((file.Folder, to), out var names)) edges[(file.Folder, to)] = names = new SortedSet<string>(StringComparer.Ordinal);
                    names.Add(name);
                }
            }
        }
        return edges;
    }

    private static readonly Regex Identifier = new(@"(?<![\w@])(?<name>[A-Z]\w*)\b", RegexOptions.Compiled);

    private static bool IsEnumMember(string text, int at, int length)
    {
        var i = at - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i])) i--;
        var j = at + length;
        while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
        return i >= 0 && text[i] is '{' or ',' && j < text.Length && text[j] is ',' or '}';
    }

    // null: not after a dot; the identifier before the dot when there is one; "" after any other dot (a member access).
    private static string? Qualifier(string text, int at)
    {
        var i = at - 1;
        if (i < 0 || text[i] != '.') return null;
        var end = i;
        while (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == '_')) i--;
        return end > i ? text[i..end] : "";
    }
    private static readonly Regex Declaration = new(@"^(?<mods>[ \t]*(?:(?:public|internal|private|protected|static|sealed|abstract|readonly|partial|file|ref)\s+)*)(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+(?<name>[A-Z]\w*)", RegexOptions.Multiline | RegexOptions.Compiled);

    private sealed record SourceFile(string Folder, string Text);

    private static (List<SourceFile> Files, Dictionary<string, HashSet<string>> Declared) Scan()
    {
        var root = Path.Combine(PluginFolderTests.FindRoot(), "src", "Helr.Kernel");
        var files = new List<SourceFile>();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
            if (rel[0] is "bin" or "obj") continue;
            var folder = rel.Length > 1 ? rel[0] : "(root)";
            var text = StripCommentsAndStrings(File.ReadAllText(path));
            files.Add(new SourceFile(folder, text));
            foreach (Match m in Declaration.Matches(text))
            {
                if (m.Groups["mods"].Value.Contains("private")) continue;
                if (!declared.TryGetValue(m.Groups["name"].Value, out var set)) declared[m.Groups["name"].Value] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(folder);
            }
        }
        return (files, declared);
    }

    // One pass, so "//" inside a string and quotes inside a comment are read for what they are.
    // Interpolated strings keep their text: their holes use types.
    private static string StripCommentsAndStrings(string text) =>
        Regex.Replace(text, "\"\"\".*?\"\"\"|//[^\n]*|/\\*.*?\\*/|(?<interp>\\$@?|@\\$)?\"(?:[^\"\\\\]|\\\\.)*\"",
            m => m.Groups["interp"].Success ? m.Value : m.Value.StartsWith('/') ? "" : "\"\"", RegexOptions.Singleline);
}
