using Helr.PluginSdk;

namespace Helr.Kernel.Config;

/// <summary>
/// <c>resilience.tls</c> with its PEM material already read and checked at load, so a bad file is
/// a validate error and not a failure at the first request.
/// </summary>
internal sealed record TlsConfig
{
    /// <summary>Extra trusted CA certificates (one or a bundle), or null.</summary>
    public string? CaPem { get; init; }

    /// <summary>Trust only <see cref="CaPem"/>, not the system roots.</summary>
    public bool CaOnly { get; init; }

    /// <summary>Client certificate chain for mutual TLS (leaf first), or null.</summary>
    public string? ClientCertPem { get; init; }
    public Secret? ClientKeyPem { get; init; }

    /// <summary>"1.2" or "1.3"; null leaves the platform default.</summary>
    public string? MinVersion { get; init; }
}
