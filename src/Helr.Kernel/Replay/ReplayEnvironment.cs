using Helr.Kernel.Config;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Replay;

/// <summary>
/// The environment a replay loads its config with: a secret named by a <c>*_env</c> or
/// <c>*_file</c> key, or written as <c>${NAME}</c> in a value whose key names a credential
/// (<c>X-Api-Key: ${KEY}</c>) or in a credential-named query parameter of a URL
/// (<c>?token=${KEY}</c>), that is not set on this machine reads as a placeholder, so a recording replays
/// without the credentials it was made with (the recording answers token requests, and what the
/// authenticator sends is never checked). Every other variable must still be set.
/// </summary>
internal sealed class ReplayEnvironment : IHelrEnvironment, IConfigTextReader
{
    public const string Placeholder = ReplayPlaceholder.Value;

    private readonly IHelrEnvironment _real;
    private readonly HashSet<string> _variables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    // Key path of each *_env / *_file key → the variable or file it names; and those read as the placeholder.
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stoodIn = new(StringComparer.Ordinal);

    private ReplayEnvironment(IHelrEnvironment real) => _real = real;

    /// <summary>Learns the config's secret variables from the text the config loader reads (<see cref="Read"/>).</summary>
    public static ReplayEnvironment For(IHelrEnvironment real) => new(real);

    public void Read(string text)
    {
        // Variables read as markers, so the values show which variables they name.
        var root = YamlConfigReader.Read(text, new Marking(), new ConfigErrors());
        if (root is not null) Collect(root, "");
    }

    public string? GetVariable(string name) => _real.GetVariable(name) ?? (_variables.Contains(name) ? StandIn(name) : null);

    public string ReadFile(string path) => _files.Contains(path) && !_real.CanRead(path) ? StandIn(path) : _real.ReadFile(path);

    /// <summary>
    /// <paramref name="problems"/> with each error at a key whose secret this replay read as the placeholder
    /// said as that: a key that must parse (a GitHub App's, a service account's) needs one of its kind,
    /// any one, and the reader's own advice (download it from the App's settings) is not what a replay needs.
    /// </summary>
    public ConfigErrors Explain(ConfigErrors problems)
    {
        if (_stoodIn.Count == 0) return problems;
        var explained = new ConfigErrors();
        foreach (var problem in problems.All)
        {
            if (problem.IsWarning) explained.Warn(problem.Path, problem.Message);
            else if (_named.TryGetValue(problem.Path, out var name) && _stoodIn.Contains(name))
                explained.Add(problem.Path, $"{name} is not set, which a replay reads as a placeholder, but this key must parse ({WithoutAdvice(problem.Message)}); "
                    + $"set {name} to any key of that kind (`openssl genrsa 2048` makes an RSA one): a replay never checks its signature");
            else explained.Add(problem.Path, problem.Message);
        }
        return explained;
    }

    // "… is not a PEM RSA private key (download it from the App's settings page)": how to get the real
    // key, which a replay does not need.
    private static string WithoutAdvice(string message) =>
        message.EndsWith(')') && message.LastIndexOf(" (", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;

    private string StandIn(string name)
    {
        lock (_stoodIn) _stoodIn.Add(name);
        return Placeholder;
    }

    public bool CanRead(string path) => _real.CanRead(path) || _files.Contains(path);

    private sealed class Marking : IHelrEnvironment
    {
        public const char Start = '\u0001';
        public const char End = '\u0002';

        public string? GetVariable(string name) => $"{Start}{name}{End}";

        public string ReadFile(string path) => throw new IOException("not read while scanning");

        public bool CanRead(string path) => false;
    }

    private void Collect(ConfigNode node, string key)
    {
        if (node.Kind == ConfigNodeKind.Mapping)
        {
            foreach (var child in node.Keys.ToList())
            {
                if (node.Child(child) is { } value) Collect(value, child);
            }
        }
        else if (node.Kind == ConfigNodeKind.Sequence)
        {
            foreach (var item in node.Items) Collect(item, key);
        }
        else if (node.ScalarValue is { Length: > 0 } value)
        {
            if (key.EndsWith("_env", StringComparison.Ordinal)) _variables.Add(_named[node.Path] = value);
            else if (key.EndsWith("_file", StringComparison.Ordinal)) _files.Add(_named[node.Path] = value);
            else if (RecordingRedactor.LooksSecret(key)) AddMarked(value);
            // url: https://api.example.com/logs?token=${KEY}: the query names the credential, not the key.
            else if (value.IndexOf('?') is var q and >= 0)
            {
                foreach (var pair in value[(q + 1)..].Split('&'))
                {
                    var eq = pair.IndexOf('=');
                    if (eq > 0 && RecordingRedactor.IsSecretParameter(pair[..eq])) AddMarked(pair[(eq + 1)..]);
                }
            }
        }
    }

    private void AddMarked(string value)
    {
        foreach (var part in value.Split(Marking.Start).Skip(1)) _variables.Add(part[..part.IndexOf(Marking.End)]);
    }
}
