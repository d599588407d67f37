using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Sources;

/// <summary>A configured source: how to authenticate, how to page, where the events sit.</summary>
public interface ISource
{
    /// <summary>Applies credentials to each request; null when the API needs none.</summary>
    IAuthenticator? Authenticator { get; }

    /// <summary>Cuts the events out of a response body.</summary>
    IEventExtractor Extractor { get; }

    /// <summary>Field facts the kernel uses when the user did not set <c>transform</c>.</summary>
    SourceDefaults Defaults { get; }

    /// <summary>Starts one poll cycle from the stored state.</summary>
    IPollCycle BeginCycle(CycleContext context);
}
