using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Tests.Support;

/// <summary>Environment variables and files held in memory for config tests.</summary>
internal sealed class TestEnvironment : IHelrEnvironment
{
    public Dictionary<string, string> Variables { get; } = new();
    public Dictionary<string, string> Files { get; } = new();

    public string? GetVariable(string name) => Variables.TryGetValue(name, out var v) ? v : null;

    public string ReadFile(string path) => Files.TryGetValue(path, out var v) ? v : throw new FileNotFoundException(path);

    public bool CanRead(string path) => Files.ContainsKey(path);
}
