using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>Builds compact JWS tokens (header.payload.signature) signed by a <see cref="SigningKey"/>.</summary>
internal static class Jwt
{
    /// <param name="key">Signs; its algorithm goes in the header.</param>
    /// <param name="extraHeader">Writes header members beyond <c>alg</c> (e.g. <c>typ</c>, <c>jwk</c>).</param>
    /// <param name="claims">Writes the payload's members.</param>
    public static string Sign(SigningKey key, Action<Utf8JsonWriter>? extraHeader, Action<Utf8JsonWriter> claims)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", key.Algorithm);
            extraHeader?.Invoke(w);
        });
        var input = Base64Url.Encode(header) + "." + Base64Url.Encode(Json(claims));
        return input + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>A JWT id no other assertion of this process (or any other) repeats: 128 random bits.</summary>
    public static string NewId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
