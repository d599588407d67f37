using Helr.PluginSdk.Sources;
using System.Security.Cryptography;
using System.Text;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// The refresh token to use: the configured one, or the one the server rotated it into (kept in the
/// source's state, so a restart does not send a revoked token). The stored token remembers a
/// fingerprint of the configured one it descends from: when the user configures a new refresh
/// token, that one wins over the stored descendant of the old.
/// </summary>
internal sealed class RefreshTokenKeeper(SecretSource configured)
{
    /// <summary>The name in the state store (printed as [REDACTED]).</summary>
    public const string StateName = "oauth2_refresh_token";

    private (string Fingerprint, Secret Token)? _rotated;
    private bool _loaded;

    public async Task<Secret> CurrentAsync(AuthContext context, CancellationToken ct)
    {
        var original = configured.Resolve();
        var fingerprint = Fingerprint(original);
        if (!_loaded && context.Credentials is not null)
        {
            _loaded = true;
            var stored = (await context.Credentials.GetAsync(StateName, ct))?.Reveal();
            var dot = stored?.IndexOf('.') ?? -1;
            if (dot > 0) _rotated = (stored![..dot], new Secret(stored[(dot + 1)..]));
        }
        return _rotated is { } r && r.Fingerprint == fingerprint ? r.Token : original;
    }

    public async Task KeepAsync(Secret rotated, AuthContext context, CancellationToken ct)
    {
        var fingerprint = Fingerprint(configured.Resolve());
        _rotated = (fingerprint, rotated);
        if (context.Credentials is null)
        {
            context.Log.Warn("the token endpoint rotated the refresh token; the host keeps no state for this source, so a restart will use the configured one");
            return;
        }
        try
        {
            await context.Credentials.SetAsync(StateName, new Secret(fingerprint + "." + rotated.Reveal()), ct);
            context.Log.Info("the token endpoint rotated the refresh token; the new one is stored in the source's state");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still used from memory; only a restart before the next successful write would lose it.
            context.Log.Warn("could not store the rotated refresh token: {Error}", ex.GetType().Name);
        }
    }

    private static string Fingerprint(Secret token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())))[..16].ToLowerInvariant();
}
