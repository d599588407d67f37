using Helr.PluginSdk.Sources;
using System.Security.Cryptography;
using System.Text;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// The refresh token to use: the configured one, or the one the server rotated it into (kept in the
/// state, so a restart does not send a revoked token). The stored token remembers a fingerprint of
/// the configured one it descends from: when the user configures a new refresh token, that one wins
/// over the stored descendant of the old. Sources configured with the same refresh token share it
/// through a <see cref="RefreshTokenChain"/>, which keeps it once in a state of its own (keyed by a
/// hash of the token endpoint and the fingerprint) and in each of its sources' states (where earlier
/// versions kept it, and read it). Both are read before every grant, so a token another instance
/// rotated meanwhile (on a shared store) wins over the chain's, whichever sources that instance runs.
/// </summary>
/// <param name="configured">The refresh token from the configuration.</param>
/// <param name="tokenUrl">The token endpoint: with the configured token, names the chain.</param>
/// <param name="chains">The process's chains (tests simulate several instances with one each).</param>
internal sealed class RefreshTokenKeeper(SecretSource configured, Uri tokenUrl, RefreshTokenChains? chains = null)
{
    /// <summary>The name in the state store (printed as [REDACTED]).</summary>
    public const string StateName = "oauth2_refresh_token";

    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs one refresh-token grant in the chain's turn, with its newest token, and keeps what the server rotated.</summary>
    /// <param name="context">The source's sender, state and log.</param>
    /// <param name="request">Sends the grant with the given refresh token.</param>
    /// <param name="ct">Cancels the wait for the turn and the grant.</param>
    public async Task<AccessToken> GrantAsync(AuthContext context, Func<Secret, Task<AccessToken>> request, CancellationToken ct)
    {
        var original = configured.Resolve();
        var fingerprint = Fingerprint(original);
        var chain = (chains ?? RefreshTokenChains.Process).For(tokenUrl, fingerprint);
        var member = chain.Join(context.SourceId, context.Credentials);
        chain.Shared.Store = (context.Credentials as ISharedCredentialStore)?.Shared(SharedKey(tokenUrl, fingerprint));
        // A server that does not rotate needs no turns: its sources fetch at once, as before, unless the
        // states changed since this process last saw them (another instance rotated it: turns again).
        if (!chain.MayRotate && member.Known && await ReadAsync(member, ct) == member.Seen
            && (chain.Shared.Store is null || (chain.Shared.Known && await ReadAsync(chain.Shared, ct) == chain.Shared.Seen)))
            return await GrantWithAsync(chain, fingerprint, chain.Latest ?? original, context, request, ct);
        await chain.Turn.WaitAsync(ct);
        try
        {
            await SyncSharedAsync(chain, fingerprint, ct);
            await SyncAsync(chain, member, fingerprint, context, ct);
            if (chain.Shared.Store is not null && chain.Latest is not null && ParseShared(chain.Shared.Seen, fingerprint)?.Token.Equals(chain.Latest) != true)
                await StoreSharedAsync(chain, fingerprint, context, ct);
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
        AccessToken token;
        try
        {
            token = await request(current);
        }
        catch (TokenEndpointException ex) when (ex.RefreshToken is { } rotated && !rotated.Equals(current))
        {
            // A 200 whose access token is unusable still rotated: losing the new refresh token would leave
            // only the revoked one, and the source could never authenticate again.
            await RotatedAsync(chain, fingerprint, rotated, context);
            throw;
        }
        if (token.RefreshToken is { } next && !next.Equals(current))
            await RotatedAsync(chain, fingerprint, next, context);
        else if (token.RefreshToken is null)
            chain.MayRotate = false;
        return token;
    }

    private static async Task RotatedAsync(RefreshTokenChain chain, string fingerprint, Secret rotated, AuthContext context)
    {
        chain.MayRotate = true;
        chain.Latest = rotated;
        chain.LatestAt = context.Time.GetUtcNow();
        // The server revoked the token sent: the rotated one is the only one left. A shutdown that
        // cancels the cycle now must not cancel its storing too, or the restart sends the revoked one
        // (invalid_grant until someone re-consents); bounded, so a hung store does not hold shutdown.
        using var storing = new CancellationTokenSource(StoreTimeout, context.Time);
        await KeepAsync(chain, fingerprint, rotated, context, storing.Token);
    }

    private static async Task<string?> ReadAsync(RefreshTokenChain.Member member, CancellationToken ct) =>
        member.Store is null ? member.Seen : (await member.Store.GetAsync(StateName, ct))?.Reveal();

    // The chain's own state, read first: another instance's rotation is there whichever sources it runs.
    // A value other than the one this process last read or wrote there is another instance's rotation
    // (it wins); on the first read, one newer than the chain's own (a rotation by another instance that
    // this process's failed writes never saw), or any when the chain has none.
    private static async Task SyncSharedAsync(RefreshTokenChain chain, string fingerprint, CancellationToken ct)
    {
        var shared = chain.Shared;
        if (shared.Store is null) return;
        var stored = await ReadAsync(shared, ct);
        var record = ParseShared(stored, fingerprint);
        var foreign = shared.Known ? stored != shared.Seen : chain.Latest is null || record?.At > chain.LatestAt;
        shared.Seen = stored;
        shared.Known = true;
        if (record is null || !foreign || record.Value.Token.Equals(chain.Latest)) return;
        if (chain.Latest is not null) chain.MayRotate = true;
        chain.Latest = record.Value.Token;
        chain.LatestAt = record.Value.At;
    }

    // Then the source's state, where earlier versions kept the token (and still do, in a fleet being
    // upgraded). Before every grant (rare: once per access token), so a failed read is simply tried again next time.
    // A value other than the one this process last read or wrote there was stored by another instance
    // (its rotation revoked the chain's token): it wins. Otherwise the chain's newest stays in use and is
    // stored where the state holds an older one: a source that missed rotations while not running, or a
    // rotation the store could not take (an outage), which a restart would otherwise lose.
    private static async Task SyncAsync(RefreshTokenChain chain, RefreshTokenChain.Member member, string fingerprint, AuthContext context,
        CancellationToken ct)
    {
        if (member.Store is null)
        {
            member.Known = true;
            return;
        }
        var stored = await ReadAsync(member, ct);
        var foreign = member.Known && stored != member.Seen;
        member.Seen = stored;
        member.Known = true;
        var dot = stored?.IndexOf('.') ?? -1;
        var own = dot > 0 && stored![..dot] == fingerprint ? new Secret(stored[(dot + 1)..]) : null;
        if (own is not null && (chain.Latest is null || foreign))
        {
            if (foreign) chain.MayRotate = true;
            chain.Latest = own;
            chain.LatestAt = null;
        }
        else if (chain.Latest is not null && !chain.Latest.Equals(own))
        {
            await StoreAsync(member, fingerprint, chain.Latest, context, ct);
        }
    }

    private static async Task KeepAsync(RefreshTokenChain chain, string fingerprint, Secret rotated, AuthContext context, CancellationToken ct)
    {
        if (context.Credentials is null)
            context.Log.Warn("the token endpoint rotated the refresh token; the host keeps no state for this source, so a restart will use the configured one");
        if (chain.Shared.Store is not null) await StoreSharedAsync(chain, fingerprint, context, ct);
        var stored = 0;
        foreach (var member in chain.Stored())
        {
            if (await StoreAsync(member, fingerprint, rotated, context, ct)) stored++;
        }
        if (stored > 0) context.Log.Info("the token endpoint rotated the refresh token; the new one is stored in the state of {Sources} source(s) sharing it", stored);
    }

    private static async Task<bool> StoreAsync(RefreshTokenChain.Member member, string fingerprint, Secret token, AuthContext context, CancellationToken ct)
    {
        var value = fingerprint + "." + token.Reveal();
        try
        {
            await member.Store!.SetAsync(StateName, new Secret(value), ct);
            member.Seen = value;
            member.Known = true;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still used from memory, and stored at the source's next grant; only a restart before then would lose it.
            context.Log.Warn("could not store the rotated refresh token: {Error}", ex.GetType().Name);
            return false;
        }
    }

    // The time lets a first read tell a rotation older than the chain's own from a newer one.
    private static async Task StoreSharedAsync(RefreshTokenChain chain, string fingerprint, AuthContext context, CancellationToken ct)
    {
        var at = chain.LatestAt ?? context.Time.GetUtcNow();
        chain.LatestAt = at;
        var value = fingerprint + "." + at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + chain.Latest!.Reveal();
        try
        {
            await chain.Shared.Store!.SetAsync(StateName, new Secret(value), ct);
            chain.Shared.Seen = value;
            chain.Shared.Known = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still in the sources' states, and stored here at the next grant.
            context.Log.Warn("could not store the rotated refresh token: {Error}", ex.GetType().Name);
        }
    }

    private static (Secret Token, DateTimeOffset At)? ParseShared(string? stored, string fingerprint)
    {
        var parts = stored?.Split('.', 3);
        return parts is { Length: 3 } && parts[0] == fingerprint && parts[2].Length > 0
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? (new Secret(parts[2]), DateTimeOffset.FromUnixTimeMilliseconds(ms)) : null;
    }

    // Names the chain without a secret: the fingerprint is already a hash, hashed again with the endpoint.
    private static string SharedKey(Uri tokenUrl, string fingerprint) =>
        "oauth2:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tokenUrl.AbsoluteUri + " " + fingerprint)))[..16].ToLowerInvariant();

    private static string Fingerprint(Secret token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())))[..16].ToLowerInvariant();
}
