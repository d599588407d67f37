using System.CommandLine;
using System.Text.Json;
using Helr.Kernel.Plugins;
using Helr.Kernel.Text;

namespace Helr.Kernel.Cli;

internal static class PluginsCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON array" };

    public static Command Create()
    {
        var command = new Command("plugins", "Inspect plugins");
        var list = new Command("list", "List plugins found in the plugins folder, with their source types or load error");
        list.Options.Add(Json);
        list.SetAction((parse, _) =>
        {
            var catalog = PluginCatalog.Load(PluginCatalog.ResolveDirectory(parse.GetValue(GlobalOptions.PluginsDir)));
            // A mistyped --plugins-dir is not an empty plugins folder: say so, and fail.
            if (!Directory.Exists(catalog.Directory))
            {
                Console.Error.WriteLine($"error: the plugins folder {catalog.Directory} does not exist");
                return Task.FromResult(1);
            }
            // With a config (-c, or helr.yaml when present), each plugin also names the sources using it.
            var configPath = parse.GetValue(GlobalOptions.Config)!;
            var explicitConfig = parse.GetResult(GlobalOptions.Config) is { Implicit: false };
            if (explicitConfig && !File.Exists(configPath))
            {
                Console.Error.WriteLine(Directory.Exists(configPath)
                    ? $"error: {Helr.Kernel.Config.ConfigFileText.Problem(configPath, "")}"
                    : $"error: the config file {configPath} does not exist");
                return Task.FromResult(1);
            }
            IReadOnlyList<(string Id, string Type)>? configured = null;
            try
            {
                if (File.Exists(configPath)) configured = ConfiguredSources.Read(configPath);
            }
            // YamlDotNet throws InvalidOperationException, not a YamlException, for a '{' or '[' never closed.
            catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or IOException
                or UnauthorizedAccessException)
            {
                // The listing is for fixing such a config too: the plugins are still worth seeing.
                Console.Error.WriteLine($"warning: cannot read the sources of {configPath}: {ex.Message}");
            }
            // The plugin run would build each source with: types match ignoring case, and of two folders giving
            // a type the one named like it wins. Compared by name here, `type: Okta` was no plugin's source.
            var builder = new SourceTypeRegistry(catalog);
            var rows = catalog.Plugins.Select(p => new PluginRow(
                p.Name,
                p.Plugin?.Info.Version,
                p.SdkVersion?.ToString(3),
                p.SourceTypes.Select(t => t.Name).ToArray(),
                p.AssemblyPath ?? p.Folder,
                p.Error,
                configured?.Where(c => builder.TryGet(c.Type, out var _, out var by) && ReferenceEquals(by, p)).Select(c => c.Id).ToArray())).ToList();
            if (parse.GetValue(Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, PluginRowJson.Readable.ListPluginRow));
                return Task.FromResult(rows.Any(r => r.Error is not null) ? 1 : 0);
            }
            Console.WriteLine($"plugins folder: {catalog.Directory}");
            if (rows.Count == 0) Console.WriteLine("  (no plugins found)");
            foreach (var row in rows)
            {
                if (row.Error is null)
                {
                    Console.WriteLine($"  {row.Name} {row.Version} (sdk {row.SdkVersion}) types: {string.Join(", ", row.SourceTypes)}  {row.Path}");
                    if (row.Sources is not null)
                        Console.WriteLine($"    sources: {(row.Sources.Length == 0 ? "(none)" : string.Join(", ", row.Sources))}");
                }
                else
                    Console.WriteLine($"  {row.Name} FAILED: {row.Error}  {row.Path}");
            }
            return Task.FromResult(rows.Any(r => r.Error is not null) ? 1 : 0);
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(PluginsInspectCommand.Create());
        return command;
    }
}
