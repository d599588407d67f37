using System.Text.RegularExpressions;
using Xunit;

namespace Helr.Conventions.Tests;

/// <summary>
/// Kernel source files are small and named for one thing: each declares exactly one top-level type
/// (class, record, struct, interface, enum or delegate) named like the file (<c>Type.Part.cs</c> for a
/// partial part; generic arity ignored), and a file over 200 lines says why in its header comment or
/// the type's XML summary with the marker phrase <c>long because</c> (e.g. "long because: …").
/// </summary>
public sealed class SourceFileShapeTests
{
    private const int MaxLines = 200;
    private const string Marker = "long because";

    // Files still to fix ("relative/path.cs"); empty once every file has one type and long files say why.
    private static readonly string[] Allowed =
    [
    ];

    [Fact]
    public void Each_kernel_file_declares_one_top_level_type_named_like_the_file()
    {
        var bad = new List<string>();
        foreach (var (rel, text) in Files())
        {
            if (rel == "Program.cs") continue; // top-level statements, no type
            var names = TopLevelTypes(text);
            var expected = Path.GetFileName(rel).Split('.')[0];
            if (names.Count != 1 || names[0] != expected)
                bad.Add($"{rel}: [{string.Join(", ", names)}]");
        }
        Check(bad);
    }

    [Fact]
    public void Each_kernel_file_over_200_lines_says_why_in_its_header()
    {
        var bad = new List<string>();
        foreach (var (rel, text) in Files())
        {
            var lines = text.Split('\n');
            var count = lines.Length - (text.EndsWith('\n') ? 1 : 0);
            if (count <= MaxLines) continue;
            var header = Header(lines);
            if (!header.Contains(Marker, StringComparison.OrdinalIgnoreCase))
                bad.Add($"{rel}: {count} lines, no \"{Marker}\" in its header");
        }
        Check(bad);
    }

    private static void Check(List<string> bad)
    {
        var open = bad.Where(b => !Allowed.Contains(b.Split(':')[0])).ToList();
        Assert.True(open.Count == 0, string.Join("\n", open));
    }

    [Fact]
    public void Allow_list_has_no_stale_entries()
    {
        var all = Files().ToDictionary(f => f.Rel, f => f.Text);
        var stale = Allowed.Where(a => !all.TryGetValue(a, out var text)
            || (TopLevelTypes(text) is var n && n.Count == 1 && n[0] == Path.GetFileName(a).Split('.')[0]
                && (text.TrimEnd('\n').Split('\n').Length <= MaxLines || Header(text.Split('\n')).Contains(Marker, StringComparison.OrdinalIgnoreCase)))).ToList();
        Assert.True(stale.Count == 0, $"allow-listed files that now pass (remove them): {string.Join(", ", stale)}");
    }

    [Fact]
    public void Scanner_sees_nested_and_constraint_keywords_for_what_they_are()
    {
        const string text = """
            namespace X;
            // class Commented {}
            /// <summary>class InDoc</summary>
            public sealed record class Outer<T>(int A) where T : class
            {
                private const string S = "class InString {";
                private const char C = '{';
                private sealed class Nested { }
            }
            internal delegate void Callback(int x);
            """;
        Assert.Equal(["Outer", "Callback"], TopLevelTypes(text));
    }

    // The header is the file's opening comment and the XML summary above its type: the first 15 lines
    // or everything up to the first type declaration, whichever is longer.
    private static string Header(string[] lines)
    {
        var decl = Array.FindIndex(lines, l => Declaration.IsMatch(l) && !l.TrimStart().StartsWith("//"));
        return string.Join("\n", lines.Take(Math.Max(15, decl + 1)));
    }

    private static IEnumerable<(string Rel, string Text)> Files()
    {
        var root = Path.Combine(PluginFolderTests.FindRoot(), "src", "Helr.Kernel");
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, path);
            if (rel.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj") continue;
            yield return (rel.Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(path));
        }
    }

    private static readonly Regex Declaration = new(
        @"(?<![:,]\s*)\b(?:(?:record\s+(?:class|struct)|class|record|struct|interface|enum)\s+(?<name>\w+)|delegate\s+[\w<>?,\s\[\].]+?\s+(?<name>\w+)\s*[<(])",
        RegexOptions.Compiled);

    /// <summary>Type names declared outside any braces (files use file-scoped namespaces).</summary>
    internal static List<string> TopLevelTypes(string source)
    {
        var text = Regex.Replace(source,
            "\"\"\".*?\"\"\"|//[^\n]*|/\\*.*?\\*/|@\"(?:[^\"]|\"\")*\"|\"(?:[^\"\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\n]|\\\\.)+'",
            _ => " ", RegexOptions.Singleline);
        var outside = new System.Text.StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '{') depth++;
            if (depth == 0) outside.Append(c);
            else if (c == '{' && depth == 1) outside.Append(" { ");
            if (c == '}') depth--;
        }
        return Declaration.Matches(outside.ToString()).Select(m => m.Groups["name"].Value).ToList();
    }
}
