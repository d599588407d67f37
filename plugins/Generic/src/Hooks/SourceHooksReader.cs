using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>Reads <c>sources.&lt;id&gt;.hooks</c> and loads its script when hooks are enabled.</summary>
internal static class SourceHooksReader
{
    /// <summary>
    /// What wraps the declarative source in its hooks, or null when the block is wrong. The signature
    /// names no Jint type, and the body is compiled only when called, so a caller's JIT loads no Jint.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static Func<DeclarativeSource, ISource>? ReadWrapper(ConfigNode config, SourceBuildContext context)
    {
        var script = Read(config, context);
        if (script?.Defines("getNextPage") == true) WarnUntracked(config);
        var variables = AuthVariables(config);
        return script is null ? null : source => new HookSource(source, script, context.Hooks, variables);
    }

    // The trackers observe the pages the declarative pagination reads; getNextPage's pages it never sees, so
    // the value never moved and every cycle sent the same range start, without a word.
    private static void WarnUntracked(ConfigNode config)
    {
        foreach (var (block, field) in new[] { ("state", "watermark_field"), ("incremental_from", "event_timestamp_path") })
        {
            if (config.Child(block) is not { Kind: ConfigNodeKind.Mapping } tracked || !tracked.Has(field)) continue;
            // incremental_from requires its state_key; state's defaults to watermark.
            var key = tracked.Child("state_key")?.ScalarValue is { Length: > 0 } k ? k : "watermark";
            config.Errors.Warn(tracked.ChildPath(field),
                $"not tracked: the hook script's getNextPage pages this source, so Helr never moves the stored value; the first request sends what is stored under {key}, which the script's commitState must store");
        }
    }

    // The variables the source's auth reads its secrets from: ctx.env hands a script all of them,
    // whatever their names, and a script that logs ctx must not write them.
    private static readonly string[] SecretKeys = { "token", "key", "password", "client_secret", "client_private_key", "refresh_token", "credentials" };

    private static List<string> AuthVariables(ConfigNode config)
    {
        var names = new List<string>();
        if (config.Child("auth") is not { Kind: ConfigNodeKind.Mapping } auth) return names;
        // Only keys the auth readers read already: asking for another would hide it from the unknown-key check.
        foreach (var key in auth.Keys.Where(k => SecretKeys.Any(s => k == s + "_env")).ToList())
            if (auth.Child(key)?.ScalarValue is { Length: > 0 } name) names.Add(name);
        return names;
    }

    /// <summary>The source's parsed script, or null when it has no <c>hooks</c> block or the block is wrong.</summary>
    public static HookScript? Read(ConfigNode config, SourceBuildContext context)
    {
        var hooks = config.Mapping("hooks");
        if (hooks is null) return null;
        var script = hooks.String("script");
        var inline = hooks.String("script_inline");
        if (script is { Length: 0 }) hooks.Fail("script", "must not be empty");
        if (string.IsNullOrWhiteSpace(inline) && string.IsNullOrEmpty(script) && !hooks.Has("script"))
        {
            hooks.Fail("set either script or script_inline");
            return null;
        }
        if (!context.Hooks.Enabled)
        {
            config.Fail("hooks", "this source has hooks but hooks are disabled: set global.hooks.enabled: true to run its script (or remove the hooks block)");
            return null;
        }
        return HookScript.Load(hooks, new SourceHooksOptions { Script = script, ScriptInline = inline }, context.Hooks, context.Environment);
    }
}
