using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Auth;

/// <summary>
/// Where a secret comes from: a file (wins when set; whitespace around it trimmed, as upstream Helr) or
/// an environment variable (used as is). It is read at each use, so rotated credentials are picked up.
/// </summary>
public sealed record SecretSource
{
    /// <summary>Environment variable name, or null.</summary>
    public string? EnvName { get; init; }

    /// <summary>File path, or null; wins over <see cref="EnvName"/>.</summary>
    public string? FilePath { get; init; }

    /// <summary>Config path of the key pair, for error messages (e.g. <c>sources.x.auth.token</c>).</summary>
    public required string KeyPath { get; init; }

    /// <summary>Reads variables and files.</summary>
    public required IHelrEnvironment Environment { get; init; }

    /// <summary>
    /// Whether an empty value (or only white space) is a value, as a basic auth password may be, rather
    /// than a mistake that <see cref="Problem"/> reports.
    /// </summary>
    public bool AllowEmpty { get; init; }

    /// <summary>
    /// Reads <c>{prefix}_env</c> and <c>{prefix}_file</c> from <paramref name="auth"/> and checks the
    /// secret resolves now (so <c>helr validate</c> catches a missing variable or unreadable file).
    /// </summary>
    public static SecretSource? Read(ConfigNode auth, string prefix, IHelrEnvironment environment, bool required = true) =>
        Read(auth, prefix, environment, required, allowEmpty: false);

    // allowEmpty: an empty secret is not an error (AllowEmpty). Internal: a public overload beside the
    // one with an optional parameter would break the SDK's binary compatibility rule (RS0027).
    internal static SecretSource? Read(ConfigNode auth, string prefix, IHelrEnvironment environment, bool required, bool allowEmpty)
    {
        var env = auth.String(prefix + "_env");
        var file = auth.String(prefix + "_file");
        var keyPath = auth.ChildPath(prefix);
        if (string.IsNullOrEmpty(env) && string.IsNullOrEmpty(file))
        {
            if (required) auth.Fail(prefix + "_env", $"required (or set {prefix}_file)");
            return null;
        }
        var source = new SecretSource { EnvName = string.IsNullOrEmpty(env) ? null : env, FilePath = string.IsNullOrEmpty(file) ? null : file, KeyPath = keyPath, Environment = environment, AllowEmpty = allowEmpty };
        var problem = source.Problem();
        if (problem is not null) auth.Fail(string.IsNullOrEmpty(file) ? prefix + "_env" : prefix + "_file", problem);
        return source;
    }

    /// <summary>Why the secret cannot be read now, or null when it can.</summary>
    public string? Problem()
    {
        if (FilePath is not null)
        {
            if (!Environment.CanRead(FilePath)) return $"cannot read secret file \"{FilePath}\"";
            if (AllowEmpty) return null;
            try
            {
                return Environment.ReadFile(FilePath).Trim().Length > 0 ? null : $"secret file \"{FilePath}\" is empty" + EmptyCost;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"cannot read secret file \"{FilePath}\": {ex.Message}";
            }
        }
        var value = Environment.GetVariable(EnvName!);
        if (value is null) return UnsetVariable.Problem(EnvName!);
        // Set but blank (a deployment template that left it empty): every request would carry no credential
        // and be refused (401) at every cycle, a cause naming no key.
        return AllowEmpty || value.Trim().Length > 0 ? null : $"environment variable {EnvName} is empty" + EmptyCost;
    }

    private const string EmptyCost = " (or only white space): every request would be refused for want of a credential";

    /// <summary>Reads the secret now.</summary>
    public Secret Resolve()
    {
        if (FilePath is not null)
        {
            try
            {
                return new Secret(Environment.ReadFile(FilePath).Trim());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{KeyPath}: cannot read secret file \"{FilePath}\": {ex.Message}");
            }
        }
        var value = Environment.GetVariable(EnvName!)
            ?? throw new InvalidOperationException($"{KeyPath}: {UnsetVariable.Problem(EnvName!)}");
        return new Secret(value);
    }
}
