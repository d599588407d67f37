using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub.Tests.Support;

/// <summary>Environment variables for the tests' <c>*_env</c> keys; no files.</summary>
internal sealed class FakeEnvironment : IHelrEnvironment
{
    public const string Token = "ghp_e2eTestToken0123456789abcdefABCDEF";

    public Dictionary<string, string> Variables { get; } = new() { ["GITHUB_TOKEN"] = Token };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}
