using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Tests.Support;

internal sealed class FakeEnvironment : IHelrEnvironment
{
    public Dictionary<string, string> Variables { get; } = new() { ["API_TOKEN"] = "tok" };

    public string? GetVariable(string name) => Variables.GetValueOrDefault(name);

    public string ReadFile(string path) => throw new FileNotFoundException("no files in tests", path);

    public bool CanRead(string path) => false;
}

internal sealed class DictionaryState(params (string Key, string Value)[] values) : ISourceState
{
    public string? Get(string key) => values.FirstOrDefault(v => v.Key == key).Value;
}

internal sealed class SilentLogger : IPluginLogger
{
    public void Write(PluginLogLevel level, string messageTemplate, params object?[] values) { }
}

internal sealed class UnusedSender : IHttpSender
{
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("not used by these tests");
}

/// <summary>An environment whose files are the entries of this dictionary.</summary>
internal sealed class FileEnvironment : Dictionary<string, string>, IHelrEnvironment
{
    public string? GetVariable(string name) => null;

    public string ReadFile(string path) => TryGetValue(path, out var text) ? text : throw new FileNotFoundException($"Could not find file '{path}'.", path);

    public bool CanRead(string path) => ContainsKey(path);
}
