using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// A throw-away PKI made in the test: a CA, a server certificate for 127.0.0.1/localhost and a
/// client certificate, all signed by that CA, written as PEM files into a temp folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    // One clock reading for all three, so a leaf never outlives its issuer by a tick.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public TestCertificates(TempDir dir)
    {
        Ca = CreateCa("CN=Helr Test CA");
        Server = Issue(Ca, "CN=localhost", serverAuth: true);
        Client = Issue(Ca, "CN=helr-client", serverAuth: false);
        CaFile = dir.Write("ca.pem", Ca.ExportCertificatePem());
        ClientCertFile = dir.Write("client.crt", Client.ExportCertificatePem());
        ClientKeyFile = dir.Write("client.key", Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 Client { get; }
    public string CaFile { get; }
    public string ClientCertFile { get; }
    public string ClientKeyFile { get; }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddMinutes(-5), Now.AddDays(2));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usage) }, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, Now.AddMinutes(-4), Now.AddDays(1), serial);
        var withKey = issued.CopyWithPrivateKey(key);
        // Kestrel (and SslStream on some platforms) wants a persisted key rather than an ephemeral one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
