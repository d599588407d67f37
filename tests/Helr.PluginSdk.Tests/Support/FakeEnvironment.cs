using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>Environment variables and files held in memory.</summary>
internal sealed class FakeEnvironment : IHelrEnvironment
{
    public Dictionary<string, string> Variables { get; } = new();

    public Dictionary<string, string> Files { get; } = new();

    public FakeEnvironment WithVariable(string name, string value)
    {
        Variables[name] = value;
        return this;
    }

    public FakeEnvironment WithFile(string path, string text)
    {
        Files[path] = text;
        return this;
    }

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) =>
        Files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException("no such file", path);

    public bool CanRead(string path) => Files.ContainsKey(path);
}
