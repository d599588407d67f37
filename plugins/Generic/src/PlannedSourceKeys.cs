using Helr.PluginSdk.Config;

namespace Helr.Plugins.Generic;

/// <summary><c>sources.&lt;id&gt;.hooks</c>: the source's JS hook script, from a file or inline.</summary>
internal sealed record SourceHooksOptions
{
    /// <summary>File name under <c>global.hooks.path</c>, or a path starting with <c>/</c>, <c>./</c> or <c>.\</c>.</summary>
    public string? Script { get; init; }

    /// <summary>Inline JavaScript; when set (after trimming) it wins over <see cref="Script"/>.</summary>
    public string? ScriptInline { get; init; }
}

/// <summary>Source keys of upstream features this plugin has not built yet.</summary>
internal sealed record PlannedSourceOptions
{
    public SourceHooksOptions? Hooks { get; init; }

    /// <summary><c>buffered</c> or <c>full</c>; null when absent.</summary>
    public string? ResponseStreaming { get; init; }
}

/// <summary>
/// Reads <c>hooks</c> and <c>response_streaming</c>: every key is checked like the built ones, and each
/// present key also gets one warning that Helr does not act on it yet.
/// </summary>
internal static class PlannedSourceReader
{
    public const string NotActedOn = "not supported yet: checked, but Helr does not act on it";
    public static readonly string[] StreamingModes = { "buffered", "full" };

    public static PlannedSourceOptions Read(ConfigNode config)
    {
        Warn(config, "hooks");
        var hooks = config.Mapping("hooks");
        Warn(config, "response_streaming");
        return new PlannedSourceOptions
        {
            Hooks = hooks is null ? null : ReadHooks(hooks),
            ResponseStreaming = config.Choice("response_streaming", StreamingModes),
        };
    }

    private static SourceHooksOptions ReadHooks(ConfigNode hooks)
    {
        var script = hooks.String("script");
        var inline = hooks.String("script_inline");
        if (script is { Length: 0 }) hooks.Fail("script", "must not be empty");
        if (string.IsNullOrWhiteSpace(inline) && string.IsNullOrEmpty(script) && !hooks.Has("script"))
            hooks.Fail("set either script or script_inline");
        return new SourceHooksOptions { Script = script, ScriptInline = inline };
    }

    private static void Warn(ConfigNode config, string key)
    {
        if (config.Has(key)) config.Errors.Warn(config.ChildPath(key), NotActedOn);
    }
}
