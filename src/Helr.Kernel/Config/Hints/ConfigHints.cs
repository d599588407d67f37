using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config.Hints;

/// <summary>
/// The last step of loading: turns the problems the readers found into ones that point to the fix,
/// and drops those that only follow from another (a key's half-expanded value, a "required" for a
/// key that is there but mis-indented).
/// </summary>
internal static class ConfigHints
{
    /// <param name="problems">Every problem, in the order found.</param>
    /// <param name="root">The config tree the problems are about.</param>
    /// <param name="readStart">Index of the first problem the readers found (those before come from parsing and <c>${VAR}</c> expansion).</param>
    /// <param name="unknownStart">Index of the first unknown-key problem.</param>
    /// <param name="unknownEnd">Index after the last unknown-key problem.</param>
    /// <param name="unresolved">Paths of values that name an unset variable.</param>
    public static ConfigErrors Improve(ConfigErrors problems, ConfigNode root, int readStart, int unknownStart, int unknownEnd, ISet<string> unresolved)
    {
        var all = problems.All;
        // A config without problems (every start of a working collector) needs no hint index.
        if (all.Count == 0) return new ConfigErrors();
        var tree = new ConfigTree(root);
        var unknown = Enumerable.Range(unknownStart, unknownEnd - unknownStart)
            .Where(i => !all[i].IsWarning).Select(i => (i, all[i])).ToList();
        var keys = new UnknownKeyHints(unknown, tree);
        var result = new ConfigErrors();
        for (var i = 0; i < all.Count; i++)
        {
            var problem = all[i];
            var fromReaders = i >= readStart && i < unknownStart;
            // What a value with an unset variable then fails when read (a URL with no host, an empty
            // number) would only bury the one real problem, which is already reported.
            if (fromReaders && unresolved.Contains(problem.Path)) continue;
            if (keys.TryReplace(i, out var replacement))
            {
                if (replacement is null) continue;
                problem = replacement;
            }
            else if (fromReaders && !problem.IsWarning)
            {
                if (keys.IsFollowOn(problem.Path)) continue;
                var entry = tree.Find(problem.Path);
                var better = entry is null ? null : ValueHints.For(entry);
                if (better is not null) problem = problem with { Message = better };
            }
            if (problem.IsWarning) result.Warn(problem.Path, problem.Message);
            else result.Add(problem.Path, problem.Message);
        }
        return result;
    }
}
