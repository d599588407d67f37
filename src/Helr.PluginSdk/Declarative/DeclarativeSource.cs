using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>A source driven entirely by <see cref="DeclarativeOptions"/>.</summary>
public sealed class DeclarativeSource : ISource
{
    /// <summary>Creates the source; its credentials may go to the origin of <see cref="DeclarativeOptions.Url"/> only.</summary>
    public DeclarativeSource(DeclarativeOptions options, IAuthenticator? authenticator, SourceDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Authenticator = authenticator;
        Defaults = defaults ?? SourceDefaults.None;
        Extractor = new JsonEventExtractor(options.EventsPath, options.EventObjectPath);
        CredentialOrigins = options.Url is { } url ? new[] { new Uri(url.GetLeftPart(UriPartial.Authority) + "/") } : Array.Empty<Uri>();
    }

    /// <summary>The options the source was built from.</summary>
    public DeclarativeOptions Options { get; }

    /// <inheritdoc />
    public IAuthenticator? Authenticator { get; }

    /// <inheritdoc />
    public IReadOnlyList<Uri> CredentialOrigins { get; }

    /// <inheritdoc />
    public IEventExtractor Extractor { get; }

    /// <inheritdoc />
    public SourceDefaults Defaults { get; }

    // Lives as long as the source, so a tracked field that names nothing is said once, not every cycle.
    private readonly UnresolvedFieldWarning _unresolved = new();

    /// <inheritdoc />
    public IPollCycle BeginCycle(CycleContext context) => Options.Pagination?.Strategy switch
    {
        PaginationStrategy.LinkHeader => new LinkHeaderCycle(Options, context, _unresolved),
        PaginationStrategy.Cursor => new CursorCycle(Options, context, _unresolved),
        PaginationStrategy.PageOffset or PaginationStrategy.Offset => new PageNumberCycle(Options, context, _unresolved),
        null => new SinglePageCycle(Options, context, _unresolved),
        var other => throw new InvalidOperationException($"pagination strategy {other} has no cycle"),
    };
}
