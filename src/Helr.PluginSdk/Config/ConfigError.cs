namespace Helr.PluginSdk.Config;

/// <summary>One problem found in a configuration, tied to the key path where it sits.</summary>
/// <param name="Path">Dotted key path, e.g. <c>sources.okta.auth.token_env</c>.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="IsWarning">True for problems that do not stop Helr (e.g. a key not supported yet).</param>
public sealed record ConfigError(string Path, string Message, bool IsWarning = false)
{
    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
