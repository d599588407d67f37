using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Sources;

/// <summary>A configured source: how to authenticate, how to page, where the events sit.</summary>
public interface ISource
{
    /// <summary>Applies credentials to each request; null when the API needs none.</summary>
    IAuthenticator? Authenticator { get; }

    /// <summary>
    /// The origins (scheme, host and port; path ignored) that may receive the source's credentials:
    /// the authenticator's headers and the user's configured <c>headers</c>. The kernel refuses to
    /// send a request carrying them anywhere else (a <c>Link</c>, a stored URL, a cursor URL) and
    /// drops them on redirects to another origin. Must not be empty when <see cref="Authenticator"/>
    /// is set; the kernel rejects such a source at load. Usually the origin of the source's URL.
    /// </summary>
    IReadOnlyList<Uri> CredentialOrigins { get; }

    /// <summary>Cuts the events out of a response body.</summary>
    IEventExtractor Extractor { get; }

    /// <summary>Vendor facts the kernel uses for keys the user did not set.</summary>
    SourceDefaults Defaults { get; }

    /// <summary>Starts one poll cycle from the stored state.</summary>
    IPollCycle BeginCycle(CycleContext context);
}
