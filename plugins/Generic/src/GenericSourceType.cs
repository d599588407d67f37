using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;
using Helr.Plugins.Generic.Hooks;

namespace Helr.Plugins.Generic;

/// <summary>The <c>generic</c> source type: every request detail comes from the user's YAML.</summary>
public sealed class GenericSourceType : ISourceType
{
    public string Name => "generic";

    public string Description => "declarative source: url, auth, pagination and event paths from YAML";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => GenericConfigKeys.All;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var auth = AuthReader.Read(config.Child("auth"), context.Environment);
        var options = DeclarativeReader.Read(config);
        // Upstream sends an empty from as an empty `since=` (a quoted "${FROM:-}" left unset, most likely),
        // which an API refuses or reads as some start of its own: not the "no from" that was meant.
        if (config.Child("from")?.ScalarValue is { } from && from.Trim().Length == 0)
            config.Fail("from", $"must not be empty: it would be sent as an empty {options.FromParam}=; leave the key out to send no range start");
        // Only a source with hooks touches the hook types, so a run without hooks never loads Jint.
        var withHooks = config.Has("hooks") ? SourceHooksReader.ReadWrapper(config, context) : null;
        // Streaming parse is an upstream key this plugin does not implement yet: checked, not acted on.
        PlannedSourceReader.Read(config);
        if (config.Errors.HasErrors) return null;
        var source = new DeclarativeSource(options, auth);
        return withHooks is null ? source : withHooks(source);
    }
}
