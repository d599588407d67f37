using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// A compact JWS (a client assertion, a Google assertion, a DPoP proof) as a token endpoint or an API
/// sees it, verified with keys the test made.
/// </summary>
public sealed class SignedToken
{
    private readonly byte[] _signingInput;
    private readonly byte[] _signature;

    private SignedToken(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        _signingInput = signingInput;
        _signature = signature;
    }

    /// <summary>The decoded header.</summary>
    public JsonElement Header { get; }

    /// <summary>The decoded claims.</summary>
    public JsonElement Payload { get; }

    /// <summary>The header's <c>alg</c>.</summary>
    public string? Alg => Text(Header, "alg");

    /// <summary>Parses <c>header.payload.signature</c>; throws <see cref="FormatException"/> for anything else.</summary>
    public static SignedToken Parse(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        var parts = compact.Split('.');
        if (parts.Length != 3) throw new FormatException("a JWS has three parts");
        return new SignedToken(
            JsonDocument.Parse(Decode(parts[0])).RootElement.Clone(),
            JsonDocument.Parse(Decode(parts[1])).RootElement.Clone(),
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Decode(parts[2]));
    }

    /// <summary>A string claim, or null.</summary>
    public string? Claim(string name) => Text(Payload, name);

    /// <summary>A numeric claim, or null.</summary>
    public long? Number(string name) => Payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    /// <summary>Whether the claim is present at all.</summary>
    public bool HasClaim(string name) => Payload.TryGetProperty(name, out _);

    /// <summary>Checks the signature with <paramref name="key"/> (RS256 with RSA, ES256 with P-256).</summary>
    public bool VerifiedBy(AsymmetricAlgorithm key) => (Alg, key) switch
    {
        ("RS256", RSA rsa) => rsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ("ES256", ECDsa ec) => ec.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => false,
    };

    /// <summary>The public key in the header's <c>jwk</c> (DPoP proofs carry their own), or null.</summary>
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

    /// <summary>The header's jwk as JSON text (the same key gives the same text), or null.</summary>
    public string? JwkText => Header.TryGetProperty("jwk", out var jwk) ? jwk.GetRawText() : null;

    /// <summary>Base64url without padding, as JWS and DPoP's <c>ath</c> use it.</summary>
    public static string Base64Url(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Decode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
