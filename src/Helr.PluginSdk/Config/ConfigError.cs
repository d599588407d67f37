namespace Helr.PluginSdk.Config;

/// <summary>One problem found in a configuration, tied to the key path where it sits.</summary>
public sealed record ConfigError
{
    /// <summary>Dotted key path, e.g. <c>sources.okta.auth.token_env</c>.</summary>
    public required string Path { get; init; }

    /// <summary>What is wrong and, where possible, how to fix it.</summary>
    public required string Message { get; init; }

    /// <summary>True for problems that do not stop Helr (e.g. a key not supported yet).</summary>
    public bool IsWarning { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}
