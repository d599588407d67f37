using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale.Tests.Support;

internal sealed class TestEnvironment : IHelrEnvironment
{
    public Dictionary<string, string> Variables { get; } = new() { ["TAILSCALE_API_KEY"] = "tskey-api-k123" };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}
