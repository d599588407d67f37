using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helr.Plugins.GitHub;

/// <summary>
/// The JWT a GitHub App signs to ask for an installation token: RS256 over
/// <c>{"iat", "exp", "iss": app id}</c>, issued 60 s in the past (GitHub's advice against clock
/// drift) and valid 9 minutes (GitHub allows at most 10).
/// </summary>
internal static class GitHubAppJwt
{
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    public static string Create(string appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException)
        {
            // The message must not quote the key.
            throw new InvalidOperationException("the GitHub App private key is not a PEM RSA private key (download it from the App's settings page)");
        }
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = (now - Backdate).ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["iss"] = appId,
        }));
        var signingInput = header + "." + payload;
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
