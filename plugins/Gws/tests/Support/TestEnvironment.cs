using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws.Tests.Support;

internal sealed class TestEnvironment : IHelrEnvironment
{
    public Dictionary<string, string> Variables { get; } = new() { ["GWS_ACCESS_TOKEN"] = "ya29.gws-token" };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}
