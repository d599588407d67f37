using System.Reflection;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Config.Hints;
using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Config;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

/// <summary>
/// The hint index (<see cref="ConfigSchema"/>) and the readers name the same keys: every path of the
/// index loads without an unknown-key error, and every key a reader asks for is in the index.
/// </summary>
public sealed class ConfigSchemaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-schema-").FullName;
    private readonly TestEnvironment _env = new();

    // Values that decide which other keys a reader reads; everything else gets a placeholder of its kind.
    private static readonly Dictionary<string, string> Gates = new()
    {
        ["sources.*.type"] = "generic",
        ["sources.*.url"] = "https://example.com/logs",
        ["sources.*.pagination.strategy"] = "cursor",
        ["global.dump_on_sigusr1.destination"] = "file",
        ["global.state.backend"] = "sqlite",
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_path_of_the_index_is_a_key_the_readers_accept()
    {
        // Each auth type reads its own keys: an auth key is fine when some type accepts it.
        var types = new[] { "bearer", "api_key", "basic", "oauth2", "google_service_account" };
        var unknownPerType = types.Select(type => Load(Yaml(type)).Errors
            .Where(e => e.Message.Contains("unknown key") || e.Message.Contains("not a key")
                || e.Message.Contains("mis-indented") || e.Message.Contains("upstream spelling"))
            .Select(e => e.ToString()).ToHashSet()).ToList();
        var unknown = unknownPerType.Skip(1).Aggregate(unknownPerType[0], (all, next) => all.Intersect(next).ToHashSet());
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("api_key")]
    [InlineData("basic")]
    [InlineData("oauth2")]
    [InlineData("google_service_account")]
    public void Every_key_a_reader_asks_for_is_in_the_index(string authType)
    {
        ConfigNode? root = null;
        Load(Yaml(authType), tree => root = tree);
        var missing = new List<string>();
        var visited = Walk(root!, new List<string>(), missing);
        Assert.Equal(ConfigSchema.BlockPaths.Count(), visited);
        Assert.True(missing.Count == 0, "read but not in ConfigSchema: " + string.Join(", ", missing));
    }

    private ConfigErrors Load(string yaml, Action<ConfigNode>? afterReading = null)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, yaml);
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));
        return ConfigLoader.Load(path, registry, _env, afterReading).Problems;
    }

    /// <returns>How many blocks were checked.</returns>
    private static int Walk(ConfigNode node, List<string> segments, List<string> missing)
    {
        if (node.Kind != ConfigNodeKind.Mapping) return 0;
        var block = ConfigSchema.PathOf(segments);
        var keys = ConfigSchema.KeysOf(block);
        if (keys is null) return 0;
        var visited = 1;
        missing.AddRange(Known(node).Where(k => !keys.ContainsKey(k) && !(block == "sources" && k == "s")).Select(k => ConfigSchema.Join(block, k)));
        foreach (var key in node.Keys.ToList())
        {
            var child = node.Child(key);
            if (child is null || keys.GetValueOrDefault(block == "sources" ? "*" : key) != KeyKind.Block) continue;
            segments.Add(key);
            visited += Walk(child, segments, missing);
            segments.RemoveAt(segments.Count - 1);
        }
        return visited;
    }

    // The keys readers asked for are private to the SDK's ConfigNode; this test alone looks at them.
    private static IEnumerable<string> Known(ConfigNode node)
    {
        var field = typeof(ConfigNode).GetField("_known", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("ConfigNode no longer keeps its known keys in _known: update this test");
        return (HashSet<string>)field.GetValue(node)!;
    }

    /// <summary>A config holding every path of the index, with a source "s".</summary>
    private static string Yaml(string authType)
    {
        var sb = new StringBuilder();
        Write(sb, "", 0, authType);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, string block, int depth, string authType)
    {
        foreach (var (key, kind) in ConfigSchema.KeysOf(block)!)
        {
            var name = block == "sources" ? "s" : key;
            var path = ConfigSchema.Join(block, key);
            var indent = new string(' ', depth * 2);
            if (kind == KeyKind.Block)
            {
                sb.Append(indent).Append(name).Append(":\n");
                Write(sb, path, depth + 1, authType);
                continue;
            }
            var value = path == "sources.*.auth.type" ? authType : Gates.GetValueOrDefault(path) ?? kind switch
            {
                KeyKind.FreeForm => "{}",
                KeyKind.WholeNumber or KeyKind.Number => "1",
                KeyKind.Boolean => "true",
                _ => "x",
            };
            sb.Append(indent).Append(name).Append(": ").Append(value).Append('\n');
        }
    }
}
