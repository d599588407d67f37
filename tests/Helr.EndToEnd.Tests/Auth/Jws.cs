using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>A compact JWS as the fake authorization server sees it, verified with keys the test made.</summary>
public sealed record Jws(JsonElement Header, JsonElement Payload, byte[] SigningInput, byte[] Signature)
{
    public static Jws Parse(string compact)
    {
        var parts = compact.Split('.');
        if (parts.Length != 3) throw new FormatException("a JWS has three parts");
        return new Jws(
            JsonDocument.Parse(Decode(parts[0])).RootElement.Clone(),
            JsonDocument.Parse(Decode(parts[1])).RootElement.Clone(),
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Decode(parts[2]));
    }

    public string? Alg => Text(Header, "alg");

    public string? Claim(string name) => Text(Payload, name);

    public long? Number(string name) => Payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    public bool HasClaim(string name) => Payload.TryGetProperty(name, out _);

    /// <summary>Checks the signature with <paramref name="key"/>, for the algorithm the header names.</summary>
    public bool VerifiedBy(AsymmetricAlgorithm key) => (Alg, key) switch
    {
        ("RS256", RSA rsa) => rsa.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ("ES256", ECDsa ec) => ec.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => false,
    };

    /// <summary>The public key in the header's <c>jwk</c> (DPoP proofs carry their own).</summary>
    public AsymmetricAlgorithm? EmbeddedKey()
    {
        if (!Header.TryGetProperty("jwk", out var jwk)) return null;
        if (jwk.TryGetProperty("d", out _)) throw new InvalidOperationException("the jwk holds a private key");
        return Text(jwk, "kty") switch
        {
            "EC" => ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Decode(Text(jwk, "x")!), Y = Decode(Text(jwk, "y")!) },
            }),
            "RSA" => RSA.Create(new RSAParameters { Modulus = Decode(Text(jwk, "n")!), Exponent = Decode(Text(jwk, "e")!) }),
            _ => null,
        };
    }

    /// <summary>The header's jwk as text: the same key gives the same text, for token binding.</summary>
    public string? JwkText => Header.TryGetProperty("jwk", out var jwk) ? jwk.GetRawText() : null;

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Decode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
