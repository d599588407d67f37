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

    /// <summary>What is wrong with a key that is not one to sign with (never quoting it).</summary>
    public const string NotAKey = "the GitHub App private key is not a PEM RSA private key (download it from the App's settings page)";

    /// <summary>The key as a variable or file holds it: literal <c>\n</c> (a key pasted into one variable) are line breaks.</summary>
    public static string Pem(string secret) => secret.Replace("\\n", "\n", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="privateKeyPem"/> is an RSA key <see cref="Create"/> can sign with.</summary>
    public static bool IsKey(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        return TryImport(rsa, privateKeyPem);
    }

    /// <param name="keySetting">The setting the key came from (<c>sources.x.auth.private_key_env</c>), for the error.</param>
    public static string Create(string appId, string privateKeyPem, DateTimeOffset now, string keySetting)
    {
        using var rsa = RSA.Create();
        // Checked by helr validate too; read again at each use, a rotated key may be damaged.
        if (!TryImport(rsa, privateKeyPem)) throw new InvalidOperationException($"{keySetting}: {NotAKey}");
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

    private static bool TryImport(RSA rsa, string pem)
    {
        try
        {
            rsa.ImportFromPem(pem);
            return true;
        }
        // ArgumentException: no PEM found. CryptographicException: a PEM whose content is cut short or mangled
        // (a paste that lost lines), which .NET reports as a bare "ASN1 corrupted data".
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
