using Helr.Kernel.Resilience;

namespace Helr.Kernel.Http;

/// <summary>The authenticator could not get credentials (its token request failed after its own retries).</summary>
internal sealed class CredentialsUnavailableException(HttpRequestException inner)
    : Exception($"cannot get credentials: {inner.Message}", inner), IHealthNeutral;
