using Helr.Kernel.Config;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.State;

/// <summary>
/// <c>helr validate</c>'s look at <c>global.state.path</c> on this machine. A path no user can open (a folder,
/// a file in the way of a folder) is an error. What depends on the user (a read-only file, a folder this one
/// may not write) is a warning, since validate often runs as another user than the service; so is a missing
/// folder, which run creates (systemd's StateDirectory= makes it at the first start), where a typo in the
/// path would start every source afresh. Only validate looks: run's own opening says the same, and with
/// <c>state_store_fallback: memory</c> goes on.
/// </summary>
internal static class StatePathCheck
{
    private const string Key = "global.state.path";

    public static void Check(StateConfig state, bool fallbackToMemory, ConfigErrors problems)
    {
        if (state.Backend != "sqlite") return;
        if (string.IsNullOrWhiteSpace(state.Path))
        {
            problems.Add(Key, "is empty: name the SQLite file (e.g. ./helr-state.db)");
            return;
        }
        var full = Path.GetFullPath(state.Path);
        if (Unusable(full) is { } reason)
        {
            if (fallbackToMemory) problems.Warn(Key, $"\"{state.Path}\" {reason}; helr run would keep its state in memory (degradation.state_store_fallback: memory) and lose it at every restart");
            else problems.Add(Key, $"\"{state.Path}\" {reason}");
        }
        else if (ForThisUser(full) is { } warning) problems.Warn(Key, $"\"{state.Path}\" {warning}");
        else if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            problems.Warn(Key, $"the folder {folder} does not exist: helr run will create it and a new state file, so every source starts "
                + "afresh; if a state file should be there, check the path for a typo");
        }
    }

    private static string? Unusable(string full)
    {
        if (Directory.Exists(full)) return "names a folder, not a file";
        for (var part = Path.GetDirectoryName(full); part is not null && !Directory.Exists(part); part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part)) return $"cannot be created: {part} is a file, not a folder";
        }
        return null;
    }

    private static string? ForThisUser(string full)
    {
        var folder = Path.GetDirectoryName(full);
        if (File.Exists(full))
        {
            if (!Writable(full)) return $"is read-only for this user{User} (helr run writes its checkpoints there)";
            return folder is not null && !CanCreateIn(folder)
                ? $"is in the folder {folder}, which this user{User} may not write (helr run keeps the file's -wal, -shm, .lock and .pid beside it)"
                : null;
        }
        var existing = folder;
        while (existing is not null && !Directory.Exists(existing)) existing = Path.GetDirectoryName(existing);
        if (existing is null || CanCreateIn(existing)) return null;
        return existing == folder
            ? $"cannot be created by this user{User}: the folder {folder} is not writable for it"
            : $"cannot be created by this user{User}: its folder {folder} does not exist and {existing} is not writable for it";
    }

    private static string User => Environment.UserName is { Length: > 0 } name ? $" ({name})" : "";

    // Elsewhere only what exists is looked at.
    private static bool Writable(string path) => !OperatingSystem.IsLinux() || PathAccess.MayWrite(path);

    private static bool CanCreateIn(string folder) => !OperatingSystem.IsLinux() || PathAccess.MayCreateIn(folder);
}
