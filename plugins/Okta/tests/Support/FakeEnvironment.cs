using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta.Tests.Support;

/// <summary>Environment variables for the tests' <c>*_env</c> keys; no files.</summary>
internal sealed class FakeEnvironment : IHelrEnvironment
{
    public const string Token = "00aBcD-okta-api-token-XyZ";

    public Dictionary<string, string> Variables { get; } = new() { ["OKTA_API_TOKEN"] = Token };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}
