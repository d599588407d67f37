using System.CommandLine;
using Helr.Kernel.Plugins;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Cli;

/// <summary>
/// <c>helr plugins inspect NAME</c>: one plugin's version, source types, their keys with types and
/// defaults (as the source type describes them) and the plugin folder's <c>sample.yaml</c>.
/// </summary>
internal static class PluginsInspectCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Plugin name, plugin folder or source type" };
        var inspect = new Command("inspect", "Show a plugin's version, source types, their config keys and its sample config");
        inspect.Arguments.Add(name);
        inspect.SetAction((parse, _) =>
        {
            var catalog = PluginCatalog.Load(PluginCatalog.ResolveDirectory(parse.GetValue(GlobalOptions.PluginsDir)));
            var wanted = parse.GetValue(name)!;
            var plugin = catalog.Plugins.FirstOrDefault(p => Matches(p, wanted));
            if (plugin is null)
            {
                var known = string.Join(", ", catalog.Plugins.Select(p => p.Name));
                Console.Error.WriteLine($"error: no plugin '{wanted}' in {catalog.Directory} (found: {(known.Length == 0 ? "none" : known)})");
                return Task.FromResult(1);
            }
            Print(plugin);
            return Task.FromResult(plugin.Error is null ? 0 : 1);
        });
        return inspect;
    }

    private static bool Matches(LoadedPlugin plugin, string wanted) =>
        string.Equals(plugin.Name, wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.GetFileName(plugin.Folder), wanted, StringComparison.OrdinalIgnoreCase)
        || plugin.SourceTypes.Any(t => string.Equals(t.Name, wanted, StringComparison.OrdinalIgnoreCase));

    private static void Print(LoadedPlugin plugin)
    {
        Console.WriteLine($"plugin: {plugin.Name}");
        Console.WriteLine($"folder: {plugin.Folder}");
        if (plugin.Error is not null)
        {
            Console.WriteLine($"FAILED: {plugin.Error}");
            return;
        }
        Console.WriteLine($"version: {plugin.Plugin!.Info.Version}");
        Console.WriteLine($"sdk: {plugin.SdkVersion?.ToString(3)}");
        Console.WriteLine($"description: {plugin.Plugin.Info.Description}");
        foreach (var type in plugin.SourceTypes)
        {
            Console.WriteLine();
            Console.WriteLine($"source type: {type.Name}  {type.Description}");
            PrintKeys(type);
        }
        var sample = Path.Combine(plugin.Folder, "sample.yaml");
        Console.WriteLine();
        if (!File.Exists(sample))
        {
            Console.WriteLine("sample config: none (no sample.yaml in the plugin folder)");
            return;
        }
        Console.WriteLine($"sample config ({sample}):");
        Console.Write(File.ReadAllText(sample));
    }

    // ConfigKeys is the plugin's code: one that throws is reported in its place, and the rest still printed.
    private static void PrintKeys(ISourceType type)
    {
        IReadOnlyList<ConfigKeyInfo> keys;
        try
        {
            keys = type.ConfigKeys ?? [];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.WriteLine($"  (its ConfigKeys threw {PluginExceptionText.Describe(ex)})");
            return;
        }
        if (keys.Count == 0) Console.WriteLine("  (the source type does not describe its keys)");
        foreach (var key in keys)
        {
            var fallback = key.Required ? "required" : key.Default is null ? "no default" : $"default {key.Default}";
            Console.WriteLine($"  {key.Name}: {key.Type} ({fallback}){(key.Description is { Length: > 0 } d ? "  " + d : "")}");
        }
    }
}
