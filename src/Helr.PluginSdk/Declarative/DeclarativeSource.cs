using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>A source driven entirely by <see cref="DeclarativeOptions"/>.</summary>
public sealed class DeclarativeSource : ISource
{
    /// <summary>Creates the source.</summary>
    public DeclarativeSource(DeclarativeOptions options, IAuthenticator? authenticator, SourceDefaults? defaults = null)
    {
        Options = options;
        Authenticator = authenticator;
        Defaults = defaults ?? SourceDefaults.None;
        Extractor = new JsonEventExtractor(options.EventsPath, options.EventObjectPath);
    }

    /// <summary>The options the source was built from.</summary>
    public DeclarativeOptions Options { get; }

    /// <inheritdoc />
    public IAuthenticator? Authenticator { get; }

    /// <inheritdoc />
    public IEventExtractor Extractor { get; }

    /// <inheritdoc />
    public SourceDefaults Defaults { get; }

    /// <inheritdoc />
    public IPollCycle BeginCycle(CycleContext context) => Options.Pagination?.Strategy switch
    {
        "link_header" => new LinkHeaderCycle(Options, context),
        "cursor" => new CursorCycle(Options, context),
        "page_offset" or "offset" => new PageNumberCycle(Options, context),
        _ => new SinglePageCycle(Options, context),
    };
}
