using Helr.Kernel.Observability;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Auth.OAuth2;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A rotated refresh token is no position: the server revoked the token it replaced whoever polls the
/// source, so it is stored in the state of every source sharing it, leased by this instance or not.
/// Each <see cref="RefreshTokenChains"/> and <see cref="SourceLeases"/> stands for one instance on a shared store.
/// </summary>
public sealed class LeasedCredentialTests
{
    private static readonly Uri TokenUrl = new("https://idp.example/token");
    private readonly MemoryStateStore _store = new();
    private readonly MemoryLeaseStore _leaseStore = new();
    private readonly SecretSource _configured;

    public LeasedCredentialTests()
    {
        var env = new TestEnvironment();
        env.Variables["RT"] = "r0";
        _configured = new SecretSource { EnvName = "RT", KeyPath = "auth.refresh_token_env", Environment = env };
    }

    [Fact]
    public async Task A_rotation_reaches_a_source_sharing_the_token_that_another_instance_polls_now()
    {
        await using var leasesA = new SourceLeases(_leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 2, TimeProvider.System, Logger.None);
        await using var leasesB = new SourceLeases(_leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 2, TimeProvider.System, Logger.None);
        var a = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        var b = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        var stateA = new LeaseFencedStateStore(_store, leasesA);
        var stateB = new LeaseFencedStateStore(_store, leasesB);

        // Instance A polls both sources (configured with one refresh token) until B starts and takes s2 over.
        Assert.True(await leasesA.TryAcquireAsync("s1", default));
        Assert.True(await leasesA.TryAcquireAsync("s2", default));
        Assert.Equal("r0", await GrantAsync(a, Context("s1", stateA)));
        Assert.Equal("r0", await GrantAsync(a, Context("s2", stateA)));
        await leasesA.DropAsync("s2");
        Assert.True(await leasesB.TryAcquireAsync("s2", default));

        // A's next grant for s1 rotates r0 (revoked now) into r1. Before, its write to s2's state was refused
        // (lease lost: the s2 lease is B's), and B went on sending the revoked r0: invalid_grant for good.
        Assert.Equal("r0", await GrantAsync(a, Context("s1", stateA), rotated: "r1"));
        Assert.Equal("r1", await GrantAsync(b, Context("s2", stateB)));

        // Positions stay fenced: A still may not checkpoint s2.
        await Assert.ThrowsAsync<LeaseLostException>(() => stateA.SetManyAsync("s2", new Dictionary<string, string> { ["cursor"] = "c" }));
    }

    private static AuthContext Context(string source, IStateStore store) => new()
    {
        SourceId = source, Sender = null!, Credentials = new CredentialState(store, source), Log = new PluginLogger(Logger.None),
    };

    // One grant: returns the refresh token sent; the server rotates it into `rotated` (null: no rotation).
    private static async Task<string> GrantAsync(RefreshTokenKeeper keeper, AuthContext context, string? rotated = null)
    {
        string? sent = null;
        await keeper.GrantAsync(context, token =>
        {
            sent = token.Reveal();
            var now = DateTimeOffset.UtcNow;
            return Task.FromResult(new AccessToken
            {
                Value = new Secret("at"), Scheme = "Bearer", Fetched = now, Expiry = now.AddHours(1), RefreshToken = new Secret(rotated ?? sent),
            });
        }, default);
        return sent!;
    }
}
