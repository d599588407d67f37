using System.Collections;

namespace Helr.Kernel.Plugins;

/// <summary>The built sources of one config, in file order.</summary>
internal sealed class BuiltSources(IEnumerable<BuiltSource> sources) : IReadOnlyList<BuiltSource>
{
    private readonly List<BuiltSource> _sources = sources.ToList();

    public static BuiltSources Empty { get; } = new([]);

    public BuiltSource this[int index] => _sources[index];

    public int Count => _sources.Count;

    /// <summary>The source with <paramref name="id"/>, or null.</summary>
    public BuiltSource? Find(string id) => _sources.FirstOrDefault(s => s.Id == id);

    /// <summary>Only the sources whose ids are in <paramref name="ids"/> (all when it is empty), in file order.</summary>
    public BuiltSources Only(IReadOnlyCollection<string> ids) => ids.Count == 0 ? this : new(_sources.Where(s => ids.Contains(s.Id)));

    public IEnumerator<BuiltSource> GetEnumerator() => _sources.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
