namespace Helr.PluginSdk.Config;

/// <summary>Collects every configuration problem so validation can report them all at once.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _items = new();

    /// <summary>All problems in the order they were found, errors and warnings alike.</summary>
    public IReadOnlyList<ConfigError> All => _items;

    /// <summary>Problems that make the configuration invalid.</summary>
    public IEnumerable<ConfigError> Errors => _items.Where(e => !e.IsWarning);

    /// <summary>Problems that are reported but do not stop Helr.</summary>
    public IEnumerable<ConfigError> Warnings => _items.Where(e => e.IsWarning);

    /// <summary>True when at least one error (not warning) was recorded.</summary>
    public bool HasErrors => _items.Any(e => !e.IsWarning);

    /// <summary>Records an error at <paramref name="path"/>.</summary>
    public void Add(string path, string message) => _items.Add(new ConfigError { Path = path, Message = message });

    /// <summary>Records a warning at <paramref name="path"/>.</summary>
    public void Warn(string path, string message) => _items.Add(new ConfigError { Path = path, Message = message, IsWarning = true });
}
