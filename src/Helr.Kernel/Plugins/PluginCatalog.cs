using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>
/// The plugin folders under the plugins directory and what came of loading each. Each plugin gets its
/// own load context that shares only the SDK with the host; a folder that fails is reported with its
/// error and does not stop the others. <see cref="Open"/> only lists the folders: a folder is loaded
/// when a source type is looked up (<see cref="SourceTypeRegistry"/>), so a run loads only the
/// plugins its config uses; <see cref="Load"/> loads every folder (plugins list), and
/// <see cref="OpenLoadingAll"/> loads them on another thread while the config is read (validate).
/// </summary>
internal sealed class PluginCatalog
{
    private string[] _folders;
    private LoadedPlugin?[] _loaded;
    private readonly Lock _gate = new();
    // One per folder: a folder is loaded under its own lock, not the catalog's, so that two threads load two folders at once.
    private readonly Dictionary<string, Lock> _folderGates = new(StringComparer.Ordinal);
    private Task? _loadingAll;

    private PluginCatalog(string directory, string[] folders, LoadedPlugin?[] loaded)
    {
        Directory = directory;
        _folders = folders;
        _loaded = loaded;
    }

    public string Directory { get; }

    /// <summary>
    /// The plugins loaded so far, in folder order: all of them after <see cref="LoadAll"/>, and once the
    /// background load of <see cref="OpenLoadingAll"/> is done (this waits for it).
    /// </summary>
    public IReadOnlyList<LoadedPlugin> Plugins
    {
        get
        {
            _loadingAll?.GetAwaiter().GetResult();
            return LoadedSoFar;
        }
    }

    /// <summary>The plugins loaded so far, in folder order, without waiting for a background load.</summary>
    public IReadOnlyList<LoadedPlugin> LoadedSoFar
    {
        get
        {
            lock (_gate) return _loaded.OfType<LoadedPlugin>().ToList();
        }
    }

    /// <summary>How many plugin folders there are, loaded or not.</summary>
    public int FolderCount
    {
        get
        {
            lock (_gate) return _folders.Length;
        }
    }

    /// <summary>--plugins-dir, else HELR_PLUGINS_DIR, else plugins/ beside the executable.</summary>
    public static string ResolveDirectory(string? flag)
    {
        var chosen = !string.IsNullOrEmpty(flag) ? flag : Environment.GetEnvironmentVariable("HELR_PLUGINS_DIR");
        return Path.GetFullPath(string.IsNullOrEmpty(chosen) ? Path.Combine(AppContext.BaseDirectory, "plugins") : chosen);
    }

    /// <summary>A catalog of already-loaded plugins (tests, embedding).</summary>
    public static PluginCatalog FromPlugins(string directory, IReadOnlyList<LoadedPlugin> plugins) =>
        new(directory, plugins.Select(p => p.Folder).ToArray(), plugins.ToArray());

    /// <summary>Lists the plugin folders without loading any.</summary>
    public static PluginCatalog Open(string directory)
    {
        var folders = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToArray()
            : [];
        return new PluginCatalog(directory, folders, new LoadedPlugin?[folders.Length]);
    }

    /// <summary>Lists and loads every plugin folder.</summary>
    public static PluginCatalog Load(string directory)
    {
        var catalog = Open(directory);
        catalog.LoadAll();
        return catalog;
    }

    /// <summary>
    /// Lists the folders and loads every one of them on a thread-pool thread, while the caller reads its
    /// config and loads the folders its sources name (validate checks the whole installation, but most of
    /// its folders are for types the config does not use: loading them beside the config's reading took
    /// them off validate's path). <see cref="Plugins"/> waits for them all.
    /// </summary>
    public static PluginCatalog OpenLoadingAll(string directory)
    {
        var catalog = Open(directory);
        // Last folder first: the caller's first lookup is the folder named like its first source's type, which
        // is then seldom the one this thread is loading.
        catalog._loadingAll = Task.Run(() =>
        {
            for (var i = catalog.FolderCount - 1; i >= 0; i--) catalog.LoadAt(i);
        });
        return catalog;
    }

    /// <summary>
    /// Lists the folders again, for a reload: a plugin folder dropped in while helr runs (deploy.md)
    /// was never listed, so a reload using its type failed with "unknown source type" until a restart.
    /// A folder that failed to load is tried again once its files changed (its missing library may be there now); a loaded
    /// plugin stays in the process, so the folders whose entry assembly changed since are returned.
    /// </summary>
    public IReadOnlyList<string> Rescan()
    {
        lock (_gate)
        {
            var fresh = Open(Directory)._folders;
            // A failed folder is tried again only once its files changed: each attempt that got as far as loading
            // its assembly left a load context in the process for good (they cannot be unloaded), so retrying an
            // unchanged broken folder on every reload grew helr's memory by a copy of the plugin per SIGHUP.
            var loaded = _loaded.OfType<LoadedPlugin>().Where(p => p.Plugin is not null || (p.FolderState is { } seen && seen == PluginFolderState.Of(p.Folder)))
                .ToDictionary(p => p.Folder, StringComparer.Ordinal);
            // A loaded folder since removed stays: its plugin is still what builds its types' sources.
            _folders = fresh.Union(loaded.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            _loaded = _folders.Select(f => loaded.GetValueOrDefault(f)).ToArray();
            return loaded.Values.Where(p => p.Plugin is not null && p.AssemblyPath is { } path && (!File.Exists(path) || File.GetLastWriteTimeUtc(path) != p.AssemblyWrittenAt))
                .Select(p => Path.GetFileName(p.Folder)).ToList();
        }
    }

    /// <summary>Loads every folder not loaded yet; returns all plugins in folder order.</summary>
    public IReadOnlyList<LoadedPlugin> LoadAll()
    {
        foreach (var _ in LoadInOrder()) { }
        return Plugins;
    }

    /// <summary>
    /// Loads the folder named like source type <paramref name="typeName"/> (every bundled plugin's
    /// folder is), if there is one: the plugin expected to provide that type.
    /// </summary>
    public LoadedPlugin? LoadFolderOf(string typeName)
    {
        string? own;
        lock (_gate) own = Array.Find(_folders, f => IsFolderOf(f, typeName));
        return own is null ? null : LoadFolderAt(own);
    }

    /// <summary>Every plugin in folder order, each loaded when the enumeration reaches it.</summary>
    public IEnumerable<LoadedPlugin> LoadInOrder()
    {
        for (var i = 0; i < FolderCount; i++) yield return LoadAt(i);
    }

    /// <summary>Whether <paramref name="folder"/> is named like source type <paramref name="typeName"/>.</summary>
    public static bool IsFolderOf(string folder, string typeName) =>
        string.Equals(Path.GetFileName(folder), typeName, StringComparison.OrdinalIgnoreCase);

    private LoadedPlugin LoadAt(int index)
    {
        string folder;
        lock (_gate)
        {
            if (_loaded[index] is { } done) return done;
            folder = _folders[index];
        }
        return LoadFolderAt(folder);
    }

    private LoadedPlugin LoadFolderAt(string folder)
    {
        Lock folderGate;
        lock (_gate)
        {
            if (Slot(folder) is { } done) return done;
            if (!_folderGates.TryGetValue(folder, out folderGate!)) _folderGates[folder] = folderGate = new Lock();
        }
        lock (folderGate)
        {
            lock (_gate)
            {
                if (Slot(folder) is { } done) return done;
            }
            var plugin = PluginFolderLoader.Load(folder);
            lock (_gate)
            {
                // A reload's rescan may have listed the folders again meanwhile: the slot is found by name.
                var at = Array.IndexOf(_folders, folder);
                return at < 0 ? plugin : _loaded[at] ??= plugin;
            }
        }
    }

    private LoadedPlugin? Slot(string folder)
    {
        var at = Array.IndexOf(_folders, folder);
        return at < 0 ? null : _loaded[at];
    }
}
