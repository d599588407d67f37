using Helr.Kernel.Observability;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Auth.OAuth2;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A refresh token the server rotates lives in the source's state, and a rotation revokes the token it
/// replaces. Whoever polls the source next must use the newest one: another instance that took the lease
/// over and rotated it meanwhile, or the store that could not be read when this instance first looked.
/// A revoked token fails every token request, so the source collects nothing until someone restarts it.
/// Each <see cref="RefreshTokenChains"/> stands for one instance: instances share the store, not memory.
/// </summary>
public sealed class RotatedCredentialTests
{
    private static readonly Uri TokenUrl = new("https://idp.example/token");
    private readonly SwitchableStore _store = new();
    private readonly SecretSource _configured;
    private readonly RefreshTokenChains _instanceA = new();
    private readonly RefreshTokenChains _instanceB = new();

    public RotatedCredentialTests()
    {
        var env = new TestEnvironment();
        env.Variables["RT"] = "r0";
        _configured = new SecretSource { EnvName = "RT", KeyPath = "auth.refresh_token_env", Environment = env };
    }

    private AuthContext Context(string source = "s", IStateStore? store = null) => new()
    {
        SourceId = source, Sender = null!, Credentials = new CredentialState(store ?? _store, source), Log = new PluginLogger(Logger.None),
    };

    private RefreshTokenKeeper Keeper(RefreshTokenChains instance) => new(_configured, TokenUrl, instance);

    // One grant: returns the refresh token sent; the server rotates it into `rotated` (null: no rotation),
    // and `during` runs while the request is out (a store going down before the rotation is stored).
    private static async Task<string> GrantAsync(RefreshTokenKeeper keeper, AuthContext context, string? rotated = null, Action? during = null)
    {
        string? sent = null;
        await keeper.GrantAsync(context, token =>
        {
            sent = token.Reveal();
            during?.Invoke();
            var now = DateTimeOffset.UtcNow;
            return Task.FromResult(new AccessToken
            {
                Value = new Secret("at"), Scheme = "Bearer", Fetched = now, Expiry = now.AddHours(1), RefreshToken = new Secret(rotated ?? sent),
            });
        }, default);
        return sent!;
    }

    private Task<string> GrantAsync(RefreshTokenKeeper keeper, string? rotated = null, Action? during = null) =>
        GrantAsync(keeper, Context(), rotated, during);

    [Fact]
    public async Task An_instance_taking_a_source_back_uses_the_token_another_instance_rotated_meanwhile()
    {
        var a = Keeper(_instanceA);
        var b = Keeper(_instanceB);
        Assert.Equal("r0", await GrantAsync(a, rotated: "r1"));
        // The lease moves to B, which rotates r1 into r2 (r1 is revoked now).
        Assert.Equal("r1", await GrantAsync(b, rotated: "r2"));
        // The lease comes back to A: the stored r2 wins over the r1 A's chain holds in memory.
        Assert.Equal("r2", await GrantAsync(a));
    }

    [Fact]
    public async Task A_running_instance_uses_the_token_helr_test_rotated()
    {
        var run = Keeper(_instanceA);
        Assert.Equal("r0", await GrantAsync(run, rotated: "r1"));
        // helr test (its own process, writes kept in memory) runs a cycle whose grant rotates r1 into r2.
        Assert.Equal("r1", await GrantAsync(Keeper(_instanceB), Context("s", new OverlayStateStore(_store)), rotated: "r2"));
        Assert.Equal("r2", await GrantAsync(run));
    }

    [Fact]
    public async Task A_stored_token_that_could_not_be_read_at_first_is_read_once_the_store_answers()
    {
        await GrantAsync(Keeper(new RefreshTokenChains()), rotated: "r1"); // an earlier run rotated r0 (revoked) into r1
        var keeper = Keeper(_instanceA);
        _store.Down = true;
        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => GrantAsync(keeper));
        _store.Down = false;
        Assert.Equal("r1", await GrantAsync(keeper));
    }

    [Fact]
    public async Task A_rotation_the_store_could_not_take_is_still_used_from_memory()
    {
        var keeper = Keeper(_instanceA);
        Assert.Equal("r0", await GrantAsync(keeper, rotated: "r1", during: () => _store.Down = true));
        _store.Down = false;
        // The store still holds nothing newer than what this keeper knows: its own rotation wins, and is stored now.
        Assert.Equal("r1", await GrantAsync(keeper));
        Assert.Equal("r1", await GrantAsync(Keeper(new RefreshTokenChains())));
    }

    [Fact]
    public async Task A_rotation_during_an_outage_survives_the_store_winning_over_the_kept_position()
    {
        var fallback = new FallbackStateStore(_store, Logger.None);
        var keeper = Keeper(_instanceA);
        Assert.Empty(await fallback.GetAllAsync("s"));
        Assert.Equal("r0", await GrantAsync(keeper, Context("s", fallback), rotated: "r1"));
        // The store goes down; this instance rotates r1 (revoking it) into r2 and checkpoints in memory,
        // while another instance moves the source's stored position on.
        _store.Down = true;
        Assert.Equal("r1", await GrantAsync(keeper, Context("s", fallback), rotated: "r2"));
        await fallback.CommitAsync("s", StateCommit.Of(new Dictionary<string, string> { ["watermark"] = "40" }));
        _store.Down = false;
        await _store.Inner.CommitAsync("s", StateCommit.Of(new Dictionary<string, string> { ["watermark"] = "500" }));
        Assert.Equal("500", (await fallback.GetAllAsync("s"))["watermark"]); // the store wins over the kept position
        Assert.Equal("r2", await GrantAsync(keeper, Context("s", fallback)));
        // And r2 reaches the store at that token request, so a restart does not send the revoked r1.
        Assert.Equal("r2", await GrantAsync(Keeper(new RefreshTokenChains())));
    }

    [Fact]
    public async Task A_token_the_chain_stored_for_one_of_its_sources_is_not_taken_for_another_instances()
    {
        // Two sources of one instance share the token; "s2"'s state is on a store that fails for a moment.
        var other = new SwitchableStore();
        var s1 = Keeper(_instanceA);
        var s2 = Keeper(_instanceA);
        Assert.Equal("r0", await GrantAsync(s2, Context("s2", other)));
        Assert.Equal("r0", await GrantAsync(s1, Context("s1"), rotated: "r1")); // stored for s1 and s2
        Assert.Equal("r1", await GrantAsync(s1, Context("s1"), rotated: "r2", during: () => other.Down = true));
        other.Down = false;
        // s2's state still holds r1, which this instance wrote there itself: not a newer token from elsewhere.
        Assert.Equal("r2", await GrantAsync(s2, Context("s2", other)));
        Assert.Equal("r2", await GrantAsync(Keeper(new RefreshTokenChains()), Context("s2", other))); // stored there now
    }

    [Fact]
    public async Task A_rotation_that_arrives_as_shutdown_cancels_the_cycle_is_still_stored()
    {
        // SIGTERM while the grant is out: the server has revoked r0 and answered r1, the only token left.
        using var shutdown = new CancellationTokenSource();
        try
        {
            await Keeper(_instanceA).GrantAsync(Context(), _ =>
            {
                shutdown.Cancel();
                var now = DateTimeOffset.UtcNow;
                return Task.FromResult(new AccessToken { Value = new Secret("at"), Scheme = "Bearer", Fetched = now, Expiry = now.AddHours(1), RefreshToken = new Secret("r1") });
            }, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            // The cycle may end cancelled; what matters is what the restart finds.
        }
        Assert.Equal("r1", await GrantAsync(Keeper(new RefreshTokenChains())));
    }
}
