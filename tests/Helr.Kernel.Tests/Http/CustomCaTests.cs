using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// <c>tls.ca_file</c> over a real handshake: the certificate it holds is where a server's chain may end,
/// whether it is a root or an intermediate CA (as upstream's rustls trusts it), and a chain ending there
/// still has to be one for a server.
/// </summary>
public sealed class CustomCaTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1", ClientAuth = "1.3.6.1.5.5.7.3.2";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<int> GetAsync(X509Certificate2 serverCert, X509Certificate2 trusted)
    {
        await using var api = await FakeVendorServer.StartAsync(new FakeServerTls { ServerCertificate = serverCert });
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var tls = new TlsConfig { CaPem = trusted.ExportCertificatePem(), CaOnly = true };
        using var client = new SourceHttpClient("s1", null, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 }, Tls = tls },
            null, TimeProvider.System, Logger.None);
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task A_server_certificate_issued_by_the_root_in_ca_file_is_trusted()
    {
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var leaf = Leaf(root, ServerAuth);
        Assert.Equal(200, await GetAsync(leaf, root));
    }

    [Fact]
    public async Task An_intermediate_CA_in_ca_file_is_where_the_chain_may_end()
    {
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var intermediate = Ca("CN=Helr Test Issuing CA", root);
        using var leaf = Leaf(intermediate, ServerAuth);
        Assert.Equal(200, await GetAsync(leaf, intermediate));
    }

    [Fact]
    public async Task A_server_of_another_CA_named_like_the_intermediate_is_refused()
    {
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var intermediate = Ca("CN=Helr Test Issuing CA", root);
        using var impostor = Ca("CN=Helr Test Issuing CA", issuer: null);
        using var leaf = Leaf(impostor, ServerAuth);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(leaf, intermediate));
        Assert.Contains("remote certificate was rejected", error.Message); // by Helr's check, not for another reason
    }

    [Fact]
    public async Task A_server_certificate_naming_the_intermediate_but_signed_by_another_key_is_refused()
    {
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var intermediate = Ca("CN=Helr Test Issuing CA", root);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Leaf(intermediate, ServerAuth, X509SignatureGenerator.CreateForECDsa(otherKey));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(leaf, intermediate));
        Assert.Contains("remote certificate was rejected", error.Message); // by Helr's check, not for another reason
    }

    [Fact]
    public void A_certificate_of_the_custom_CA_not_issued_for_servers_is_refused()
    {
        // Kestrel will not serve it, so the check is given what the handshake gives it: the platform's
        // verdict (an unknown CA) and the certificate.
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var leaf = Leaf(root, ClientAuth);
        Assert.False(TlsOptions.Validate([root], caOnly: true, leaf, chain: null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        using var server = Leaf(root, ServerAuth);
        Assert.True(TlsOptions.Validate([root], caOnly: true, server, chain: null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_of_an_intermediate_in_ca_file_not_issued_for_servers_is_refused()
    {
        using var root = Ca("CN=Helr Test Root", issuer: null);
        using var intermediate = Ca("CN=Helr Test Issuing CA", root);
        using var leaf = Leaf(intermediate, ClientAuth);
        Assert.False(TlsOptions.Validate([intermediate], caOnly: true, leaf, chain: null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        using var server = Leaf(intermediate, ServerAuth);
        Assert.True(TlsOptions.Validate([intermediate], caOnly: true, server, chain: null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
    }

    private static X509Certificate2 Ca(string subject, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null) return request.CreateSelfSigned(Now.AddMinutes(-5), Now.AddDays(2));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, Now.AddMinutes(-5), Now.AddDays(2), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    // signer: a forger's key in place of the issuer's (the issuer's name and key identifier are kept).
    private static X509Certificate2 Leaf(X509Certificate2 issuer, string usage, X509SignatureGenerator? signer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usage) }, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = signer is null
            ? request.Create(issuer, Now.AddMinutes(-4), Now.AddDays(1), RandomNumberGenerator.GetBytes(12))
            : request.Create(issuer.SubjectName, signer, Now.AddMinutes(-4), Now.AddDays(1), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Kestrel wants a persisted key rather than an ephemeral one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
