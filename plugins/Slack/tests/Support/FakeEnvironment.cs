using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack.Tests.Support;

/// <summary>Environment variables for the tests' <c>*_env</c> keys; no files.</summary>
internal sealed class FakeEnvironment : IHelrEnvironment
{
    public const string Token = "xoxp-1234-5678-slack-user-token";

    public Dictionary<string, string> Variables { get; } = new() { ["SLACK_AUDIT_TOKEN"] = Token };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}
