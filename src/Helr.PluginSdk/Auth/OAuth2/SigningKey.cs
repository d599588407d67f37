using System.Security.Cryptography;
using System.Text.Json;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// An RSA (RS256) or P-256 EC (ES256) private key loaded from PEM by the BCL. The key material is
/// never printed: errors name the config key, not the text.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private SigningKey(RSA? rsa, ECDsa? ec)
    {
        _rsa = rsa;
        _ec = ec;
    }

    /// <summary>RS256 or ES256.</summary>
    public string Algorithm => _rsa is not null ? "RS256" : "ES256";

    /// <summary>A fresh P-256 key (DPoP proofs): small and fast to generate, unlike RSA-2048.</summary>
    public static SigningKey GenerateEc() => new(null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>
    /// Loads a PEM private key (PKCS#8, PKCS#1 or SEC1). Literal <c>\n</c> sequences, as keys pasted
    /// into one environment variable often have, become line breaks.
    /// </summary>
    /// <returns>The key, or null with <paramref name="problem"/> saying why.</returns>
    public static SigningKey? FromPem(string pem, out string? problem)
    {
        pem = pem.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        problem = null;
        // An admin console (Okta's) can show a generated key as JSON, and it gets pasted so: say what it is.
        if (pem.StartsWith('{') && pem.Contains("\"kty\"", StringComparison.Ordinal))
        {
            problem = "is a JSON Web Key (JWK), not PEM: copy the key in PEM form (-----BEGIN PRIVATE KEY-----)";
            return null;
        }
        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            problem = "is not a PEM private key (no -----BEGIN line)";
            return null;
        }
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            problem = "is an encrypted PEM key; Helr needs an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key";
            return null;
        }
        var isEc = pem.Contains("BEGIN EC PRIVATE KEY", StringComparison.Ordinal);
        if (!isEc)
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
                if (rsa.KeySize < 2048)
                {
                    problem = $"is a {rsa.KeySize}-bit RSA key; RS256 needs at least 2048 bits";
                    rsa.Dispose();
                    return null;
                }
                return new SigningKey(rsa, null);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                rsa.Dispose();
                // A PKCS#8 "BEGIN PRIVATE KEY" may hold an EC key: try that before giving up.
            }
        }
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256)
            {
                problem = $"is a {ec.KeySize}-bit EC key; ES256 needs a P-256 key";
                ec.Dispose();
                return null;
            }
            return new SigningKey(null, ec);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            problem = "is not a readable RSA or P-256 EC private key in PEM";
            return null;
        }
    }

    /// <summary>The JWS signature: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA P-256 SHA-256 as r‖s (IEEE P1363, what JWS wants).</summary>
    public byte[] Sign(byte[] data) => _rsa is not null
        ? _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : _ec!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Writes the public key as a JWK object (for the DPoP header).</summary>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            writer.WriteString("kty", "RSA");
            writer.WriteString("n", Base64Url.Encode(p.Modulus));
            writer.WriteString("e", Base64Url.Encode(p.Exponent));
        }
        else
        {
            var p = _ec!.ExportParameters(false);
            writer.WriteString("kty", "EC");
            writer.WriteString("crv", "P-256");
            writer.WriteString("x", Base64Url.Encode(p.Q.X));
            writer.WriteString("y", Base64Url.Encode(p.Q.Y));
        }
        writer.WriteEndObject();
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
