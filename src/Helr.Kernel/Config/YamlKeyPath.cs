using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Helr.Kernel.Config;

/// <summary>
/// The key path (<c>sources.s.body.items[0].a</c>) of the key that starts at a position of the text, found
/// by walking the parser's events again. YamlDotNet refuses a key written twice in one map with its line
/// alone; a config error names its key path.
/// </summary>
internal static class YamlKeyPath
{
    // One open map or list: the path up to it, and where it is (expecting a key or a value; the list's index).
    private sealed class Open(string path, bool isMap)
    {
        public string Path { get; } = path;
        public bool IsMap { get; } = isMap;
        public bool AtKey { get; set; } = true;
        public string Key { get; set; } = "?";
        public int Index { get; set; }

        public string Child => IsMap ? (Path.Length == 0 ? Key : $"{Path}.{Key}") : $"{Path}[{Index}]";

        // A node of this map or list is complete: a key is followed by its value, a value by the next key.
        public void Completed()
        {
            if (!IsMap) Index++;
            else AtKey = !AtKey;
        }
    }

    /// <summary>The path of the scalar key at <paramref name="at"/> (the text as parsed), or null when no key starts there.</summary>
    public static string? At(string parsedText, Mark at)
    {
        var parser = new Parser(new StringReader(parsedText));
        var open = new List<Open>();
        try
        {
            while (parser.MoveNext())
            {
                var top = open.Count > 0 ? open[^1] : null;
                switch (parser.Current)
                {
                    case Scalar scalar:
                        if (top is { IsMap: true, AtKey: true })
                        {
                            top.Key = PlaceholderShield.Restore(scalar.Value);
                            if (scalar.Start.Line == at.Line && scalar.Start.Column == at.Column) return top.Child;
                        }
                        top?.Completed();
                        break;
                    case AnchorAlias:
                        top?.Completed();
                        break;
                    case MappingStart or SequenceStart:
                        open.Add(new Open(top?.Child ?? "", parser.Current is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.RemoveAt(open.Count - 1);
                        if (open.Count > 0) open[^1].Completed();
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // The walk ends where the first reading failed, at the latest.
        }
        return null;
    }
}
