using Helr.PluginSdk.Sources;
using System.Security.Cryptography;
using System.Text;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// The refresh token to use: the configured one, or the one the server rotated it into (kept in the
/// source's state, so a restart does not send a revoked token). The stored token remembers a
/// fingerprint of the configured one it descends from: when the user configures a new refresh
/// token, that one wins over the stored descendant of the old. Sources configured with the same
/// refresh token share it through a <see cref="RefreshTokenChain"/>.
/// </summary>
internal sealed class RefreshTokenKeeper(SecretSource configured, Uri tokenUrl)
{
    /// <summary>The name in the state store (printed as [REDACTED]).</summary>
    public const string StateName = "oauth2_refresh_token";

    private bool _loaded;

    /// <summary>Runs one refresh-token grant in the chain's turn, with its newest token, and keeps what the server rotated.</summary>
    /// <param name="context">The source's sender, state and log.</param>
    /// <param name="request">Sends the grant with the given refresh token.</param>
    /// <param name="ct">Cancels the wait for the turn and the grant.</param>
    public async Task<AccessToken> GrantAsync(AuthContext context, Func<Secret, Task<AccessToken>> request, CancellationToken ct)
    {
        var original = configured.Resolve();
        var fingerprint = Fingerprint(original);
        var chain = RefreshTokenChain.For(tokenUrl, fingerprint);
        chain.Join(context.SourceId, context.Credentials);
        // A server that does not rotate needs no turns: its sources fetch at once, as before.
        if (!chain.MayRotate && _loaded) return await GrantWithAsync(chain, fingerprint, chain.Latest ?? original, context, request, ct);
        await chain.Turn.WaitAsync(ct);
        try
        {
            await LoadAsync(chain, fingerprint, context, ct);
            return await GrantWithAsync(chain, fingerprint, chain.Latest ?? original, context, request, ct);
        }
        finally
        {
            chain.Turn.Release();
        }
    }

    private static async Task<AccessToken> GrantWithAsync(RefreshTokenChain chain, string fingerprint, Secret current, AuthContext context,
        Func<Secret, Task<AccessToken>> request, CancellationToken ct)
    {
        var token = await request(current);
        if (token.RefreshToken is { } rotated && !rotated.Equals(current))
        {
            chain.MayRotate = true;
            chain.Latest = rotated;
            await KeepAsync(chain, fingerprint, rotated, context, ct);
        }
        else if (token.RefreshToken is null)
        {
            chain.MayRotate = false;
        }
        return token;
    }

    // Once per source: its stored token starts the chain when nothing newer is known; a source that
    // joins later (it missed rotations while not running) has the chain's newest stored instead.
    private async Task LoadAsync(RefreshTokenChain chain, string fingerprint, AuthContext context, CancellationToken ct)
    {
        if (_loaded) return;
        _loaded = true;
        if (context.Credentials is null) return;
        var stored = (await context.Credentials.GetAsync(StateName, ct))?.Reveal();
        var dot = stored?.IndexOf('.') ?? -1;
        var own = dot > 0 && stored![..dot] == fingerprint ? new Secret(stored[(dot + 1)..]) : null;
        if (chain.Latest is null) chain.Latest = own;
        else if (!chain.Latest.Equals(own)) await StoreAsync(context.Credentials, fingerprint, chain.Latest, context, ct);
    }

    private static async Task KeepAsync(RefreshTokenChain chain, string fingerprint, Secret rotated, AuthContext context, CancellationToken ct)
    {
        if (context.Credentials is null)
            context.Log.Warn("the token endpoint rotated the refresh token; the host keeps no state for this source, so a restart will use the configured one");
        var stored = 0;
        foreach (var store in chain.Stores())
        {
            if (await StoreAsync(store, fingerprint, rotated, context, ct)) stored++;
        }
        if (stored > 0) context.Log.Info("the token endpoint rotated the refresh token; the new one is stored in the state of {Sources} source(s) sharing it", stored);
    }

    private static async Task<bool> StoreAsync(ICredentialStore store, string fingerprint, Secret token, AuthContext context, CancellationToken ct)
    {
        try
        {
            await store.SetAsync(StateName, new Secret(fingerprint + "." + token.Reveal()), ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still used from memory; only a restart before the next successful write would lose it.
            context.Log.Warn("could not store the rotated refresh token: {Error}", ex.GetType().Name);
            return false;
        }
    }

    private static string Fingerprint(Secret token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())))[..16].ToLowerInvariant();
}
