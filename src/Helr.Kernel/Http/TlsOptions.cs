using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Helr.Kernel.Config;

namespace Helr.Kernel.Http;

/// <summary>
/// Client TLS settings from <c>resilience.tls</c>: extra or exclusive CA roots, a client
/// certificate for mutual TLS, and the lowest protocol version allowed.
/// </summary>
internal static class TlsOptions
{
    public static SslClientAuthenticationOptions Create(TlsConfig? tls)
    {
        var options = new SslClientAuthenticationOptions();
        if (tls is null) return options;
        options.EnabledSslProtocols = tls.MinVersion switch
        {
            "1.3" => SslProtocols.Tls13,
            "1.2" => SslProtocols.Tls12 | SslProtocols.Tls13,
            _ => SslProtocols.None, // the platform's default set
        };
        if (tls.CaPem is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(tls.CaPem);
            options.RemoteCertificateValidationCallback = (_, cert, chain, errors) => Validate(roots, tls.CaOnly, cert, chain, errors);
        }
        if (tls.ClientCertPem is not null && tls.ClientKeyPem is not null)
        {
            var leaf = X509Certificate2.CreateFromPem(tls.ClientCertPem, tls.ClientKeyPem.Reveal());
            // SChannel cannot use an ephemeral key; elsewhere the PEM key works as loaded.
            if (OperatingSystem.IsWindows())
                leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(tls.ClientCertPem);
            var intermediates = new X509Certificate2Collection(chain.Where(c => c.Thumbprint != leaf.Thumbprint).ToArray());
            options.ClientCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        }
        return options;
    }

    /// <summary>
    /// Accepts a server certificate whose name matches and whose chain ends at one of
    /// <paramref name="roots"/>, or, unless <paramref name="caOnly"/>, at a system root.
    /// Revocation is not checked against private CAs, which rarely publish reachable CRLs.
    /// </summary>
    /// <remarks>
    /// The chain must be one for a server (the serverAuth usage), as the platform's own check requires:
    /// without it any certificate of the private CA with the host's name passed (a client certificate).
    /// A certificate of <paramref name="roots"/> that is an intermediate CA is an anchor too, as upstream's
    /// rustls and OpenSSL's partial chains take it; .NET's CustomRootTrust takes self-signed roots only, and
    /// every server under such a <c>ca_file</c> was refused.
    /// </remarks>
    internal static bool Validate(X509Certificate2Collection roots, bool caOnly, X509Certificate? cert, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None && !caOnly) return true;
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || cert is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ServerAuth));
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = new X509Certificate2(cert);
        return custom.Build(leaf) || EndsAtIntermediateAnchor(custom, roots);
    }

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    // The chain failed only for lack of a trusted self-signed root above one of the roots: every certificate
    // up to and including that one is otherwise valid (signature, time, usage, constraints).
    private static bool EndsAtIntermediateAnchor(X509Chain chain, X509Certificate2Collection roots)
    {
        const X509ChainStatusFlags aboveTheAnchor = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot;
        // Usage may be judged for the chain as a whole rather than per certificate: not for a server is a refusal either way.
        if (chain.ChainStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotValidForUsage))) return false;
        foreach (var element in chain.ChainElements)
        {
            if (element.ChainElementStatus.Any(s => (s.Status & ~aboveTheAnchor) != 0)) return false;
            if (roots.Any(r => r.RawDataMemory.Span.SequenceEqual(element.Certificate.RawDataMemory.Span))) return true;
        }
        return false;
    }
}
