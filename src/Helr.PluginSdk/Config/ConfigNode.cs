namespace Helr.PluginSdk.Config;

/// <summary>
/// One node of a parsed configuration that knows its key path. Readers record which keys they asked
/// for, so that after the kernel and the plugin have read a source, <see cref="ReportUnknownKeys"/>
/// can name every key nobody understood, with a "did you mean" hint.
/// </summary>
public sealed partial class ConfigNode
{
    private readonly List<KeyValuePair<string, ConfigNode>>? _entries;
    private readonly List<ConfigNode>? _items;
    // Made on the first key asked: most nodes are scalars nobody asks for keys, and a config of many
    // sources has a dozen nodes per source. Sized for a source block's keys, so it grows at most once.
    private HashSet<string>? _known;
    // Key lookup of a mapping with many entries (sources: holds one per source); built on first use.
    private Dictionary<string, ConfigNode>? _index;
    private bool _opaque;

    private ConfigNode(string path, ConfigNodeKind kind, string? scalar, bool quoted, int line, ConfigErrors errors)
    {
        Path = path;
        Kind = kind;
        ScalarValue = scalar;
        IsQuoted = quoted;
        Line = line;
        Errors = errors;
        if (kind == ConfigNodeKind.Mapping) _entries = new();
        if (kind == ConfigNodeKind.Sequence) _items = new();
    }

    /// <summary>Dotted key path of this node (<c>sources.x.auth</c>; list items as <c>headers[0]</c>).</summary>
    public string Path { get; }

    /// <summary>Shape of the node.</summary>
    public ConfigNodeKind Kind { get; }

    /// <summary>The raw text of a scalar node; null for other kinds.</summary>
    public string? ScalarValue { get; }

    /// <summary>True when the scalar was quoted in the source file (always a string).</summary>
    public bool IsQuoted { get; }

    /// <summary>1-based line in the configuration file, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Where problems found while reading this node are recorded.</summary>
    public ConfigErrors Errors { get; }

    /// <summary>Keys of a mapping in file order; empty for other kinds.</summary>
    // An array, not LINQ's Select over key-value pairs: ReadyToRun cannot precompile that, so every start compiled it.
    public IEnumerable<string> Keys
    {
        get
        {
            if (_entries is null) return Array.Empty<string>();
            var keys = new string[_entries.Count];
            for (var i = 0; i < keys.Length; i++) keys[i] = _entries[i].Key;
            return keys;
        }
    }

    /// <summary>Items of a sequence; empty for other kinds.</summary>
    public IReadOnlyList<ConfigNode> Items => (IReadOnlyList<ConfigNode>?)_items ?? Array.Empty<ConfigNode>();

    /// <summary>Creates an empty mapping node.</summary>
    internal static ConfigNode NewMapping(string path, ConfigErrors errors, int line = 0) =>
        new(path, ConfigNodeKind.Mapping, null, false, line, errors);

    /// <summary>Creates an empty sequence node.</summary>
    internal static ConfigNode NewSequence(string path, ConfigErrors errors, int line = 0) =>
        new(path, ConfigNodeKind.Sequence, null, false, line, errors);

    /// <summary>Creates a scalar node.</summary>
    internal static ConfigNode NewScalar(string path, string value, bool quoted, ConfigErrors errors, int line = 0) =>
        new(path, ConfigNodeKind.Scalar, value, quoted, line, errors);

    /// <summary>Creates a null node.</summary>
    internal static ConfigNode NewNull(string path, ConfigErrors errors, int line = 0) =>
        new(path, ConfigNodeKind.Null, null, false, line, errors);

    /// <summary>The path a child called <paramref name="key"/> of this node has.</summary>
    public string ChildPath(string key) => string.IsNullOrEmpty(Path) ? key : $"{Path}.{key}";

    /// <summary>Adds an entry to a mapping node (used while building the tree).</summary>
    internal void Add(string key, ConfigNode value)
    {
        if (_entries is null) throw new InvalidOperationException("not a mapping");
        _entries.Add(new(key, value));
        _index?.TryAdd(key, value);
    }

    /// <summary>Adds an item to a sequence node (used while building the tree).</summary>
    internal void Add(ConfigNode item)
    {
        if (_items is null) throw new InvalidOperationException("not a sequence");
        _items.Add(item);
    }

    /// <summary>True when the mapping has <paramref name="key"/> with a non-null value. Marks the key as known.</summary>
    public bool Has(string key) => Child(key) is not null;

    /// <summary>
    /// The child at <paramref name="key"/>, or null when absent or null. Marks the key as known, so it
    /// is never reported as unknown and is offered in "did you mean" hints.
    /// </summary>
    public ConfigNode? Child(string key)
    {
        (_known ??= new HashSet<string>(16, StringComparer.Ordinal)).Add(key);
        if (_entries is null) return null;
        var found = Find(key);
        return found?.Kind == ConfigNodeKind.Null ? null : found;
    }

    // The first entry with the key. A scan for a few keys; a map beyond that (each source's lookup in
    // `sources:` scanned every source before it: quadratic in the number of sources).
    private ConfigNode? Find(string key)
    {
        if (_entries!.Count > 8)
        {
            if (_index is null)
            {
                _index = new Dictionary<string, ConfigNode>(_entries.Count, StringComparer.Ordinal);
                foreach (var (k, v) in _entries) _index.TryAdd(k, v);
            }
            return _index.GetValueOrDefault(key);
        }
        foreach (var entry in _entries)
        {
            if (entry.Key == key) return entry.Value;
        }
        return null;
    }

    /// <summary>The keys readers asked for so far (the test kit compares them with a source type's ConfigKeys).</summary>
    internal IReadOnlyCollection<string> KnownKeys => (IReadOnlyCollection<string>?)_known ?? Array.Empty<string>();

    /// <summary>Marks keys as known without reading them (e.g. keys another component reads later).</summary>
    public void Know(params string[] keys)
    {
        _known ??= new HashSet<string>(Math.Max(16, keys.Length), StringComparer.Ordinal);
        foreach (var k in keys) _known.Add(k);
    }

    /// <summary>Marks this subtree as free-form: its keys are never reported as unknown.</summary>
    public void MarkOpaque() => _opaque = true;

    /// <summary>Records an error at this node.</summary>
    public void Fail(string message) => Errors.Add(Path, message);

    /// <summary>Records an error at this node's child <paramref name="key"/>.</summary>
    public void Fail(string key, string message) => Errors.Add(ChildPath(key), message);

    /// <summary>
    /// Reports a warning for each present key in <paramref name="keys"/> saying it is parsed but not
    /// supported yet, so it is never silently ignored.
    /// </summary>
    public void NotSupportedYet(params string[] keys)
    {
        foreach (var key in keys)
        {
            var child = Child(key);
            if (child is null) continue;
            child.MarkOpaque();
            Errors.Warn(ChildPath(key), "not supported yet; this key is accepted and ignored");
        }
    }

    /// <summary>
    /// Reports every key of this mapping (and of the child mappings that were read) that no reader
    /// asked for, with the closest known key as a hint.
    /// </summary>
    public void ReportUnknownKeys()
    {
        if (_opaque) return;
        if (_entries is not null)
        {
            foreach (var (key, value) in _entries)
            {
                if (_known?.Contains(key) != true)
                {
                    var hint = KeySuggester.Suggest(key, KnownKeys);
                    var message = hint is null
                        ? $"unknown key{KnownList()}"
                        : $"unknown key; did you mean '{hint}'?";
                    Errors.Add(ChildPath(key), message);
                    continue;
                }
                value.ReportUnknownKeys();
            }
        }
        if (_items is not null)
        {
            foreach (var item in _items) item.ReportUnknownKeys();
        }
    }

    private string KnownList() =>
        _known?.Count is > 0 and <= 12 ? $" (known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))})" : "";

    /// <inheritdoc />
    public override string ToString() => Kind == ConfigNodeKind.Scalar ? $"{Path}={ScalarValue}" : $"{Path} ({Kind})";
}
