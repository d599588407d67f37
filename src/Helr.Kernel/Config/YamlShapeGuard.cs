using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Helr.Kernel.Config;

/// <summary>
/// Loads YAML text refusing, as a <see cref="YamlException"/> at the offending line, an alias inside
/// the node it names (<c>sources: &amp;s</c> … <c>body: *s</c>) and aliases that expand past
/// <see cref="MaxAliasNodes"/> nodes ("billion laughs"). Every reader of the file walks it
/// recursively with aliases expanded, so the first overflowed the stack, killing helr (no exception
/// can be caught), and the second took minutes and gigabytes. Lists and maps nested past
/// <see cref="MaxDepth"/> levels are refused too: tens of thousands of <c>[</c> overflowed the stack
/// in YamlDotNet's own loading. The check runs on the parser's events, before any tree exists.
/// </summary>
internal sealed class YamlShapeGuard : IParser
{
    /// <summary>Nodes that aliases may add to the file's own: a block reused by a thousand sources is far below it.</summary>
    public const int MaxAliasNodes = 100_000;

    /// <summary>
    /// Levels of lists and maps: a config needs about ten (a request body a few more); loading the tree
    /// is itself recursive, and a reload runs on a pool thread's smaller stack.
    /// </summary>
    public const int MaxDepth = 100;

    private readonly IParser _inner;
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    // The open lists and maps, innermost last: arrays of MaxDepth rather than a Stack of tuples, which
    // ReadyToRun cannot precompile (every run and validate JIT-compiled it).
    private readonly string?[] _openAnchors = new string?[MaxDepth];
    private readonly long[] _openNodesBefore = new long[MaxDepth];
    private int _depth;
    private long _nodes;
    private long _aliasNodes;

    private YamlShapeGuard(IParser inner) => _inner = inner;

    /// <summary>The stream of <paramref name="text"/>, checked; throws <see cref="YamlException"/> as YamlDotNet does for a syntax error.</summary>
    public static YamlStream Load(string text) => Load(new Parser(new StringReader(text)));

    /// <inheritdoc cref="Load(string)"/>
    public static YamlStream Load(IParser parser)
    {
        var stream = new YamlStream();
        stream.Load(new YamlShapeGuard(parser));
        return stream;
    }

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        if (!_inner.MoveNext()) return false;
        Check(_inner.Current!);
        return true;
    }

    private void Check(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                // Anchors belong to their document.
                _sizes.Clear();
                break;
            case AnchorAlias alias:
                var name = alias.Value.Value;
                if (IsOpen(name))
                    throw new YamlException(alias.Start, alias.End, $"the alias *{name} is inside the node &{name} it names, which would repeat without end");
                var size = _sizes.GetValueOrDefault(name, 1);
                _nodes += size;
                _aliasNodes += size;
                if (_aliasNodes > MaxAliasNodes)
                    throw new YamlException(alias.Start, alias.End,
                        $"aliases (*name) expand to more than {MaxAliasNodes:N0} nodes; write the repeated blocks out or use fewer nested aliases");
                break;
            case Scalar scalar:
                _nodes++;
                if (!scalar.Anchor.IsEmpty) _sizes[scalar.Anchor.Value] = 1;
                break;
            case NodeEvent start when start is MappingStart or SequenceStart:
                if (_depth >= MaxDepth)
                    throw new YamlException(start.Start, start.End, $"lists and maps are nested more than {MaxDepth} levels deep");
                _openAnchors[_depth] = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                _openNodesBefore[_depth++] = _nodes;
                _nodes++;
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                if (_openAnchors[_depth] is { } anchor) _sizes[anchor] = _nodes - _openNodesBefore[_depth];
                break;
        }
    }

    private bool IsOpen(string anchor)
    {
        for (var i = 0; i < _depth; i++)
        {
            if (_openAnchors[i] == anchor) return true;
        }
        return false;
    }
}
