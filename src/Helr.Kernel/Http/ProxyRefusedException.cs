using Helr.Kernel.Resilience;

namespace Helr.Kernel.Http;

/// <summary>
/// The proxy answered 407 to a plain-http request, which it forwards itself (an https one is tunnelled, and
/// .NET fails the tunnel instead). Like a refused tunnel: wrong until the user fixes the variable's
/// credentials, so not retried and no failure of the API. Names the variable, never its value.
/// </summary>
internal sealed class ProxyRefusedException(string variable)
    : Exception($"the proxy refused the credentials in {variable} (407 Proxy Authentication Required to a plain-http request): "
        + "check the user and password in its URL; not retried"), IHealthNeutral;
