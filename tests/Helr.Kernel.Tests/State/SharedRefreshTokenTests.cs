using Helr.Kernel.Observability;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Auth.OAuth2;
using Serilog.Core;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Instances on one store that each poll some of the sources sharing a refresh token: a rotation by
/// any of them reaches all, though no instance ever ran every source. Each <see cref="RefreshTokenChains"/>
/// stands for one instance.
/// </summary>
public sealed class SharedRefreshTokenTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    private static readonly Uri TokenUrl = new("https://idp.example/token");
    private readonly SecretSource _configured = Configured("r0");

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task A_rotation_reaches_an_instance_that_never_ran_the_source_it_was_stored_for(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var a = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        var b = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        Assert.Equal("r0", await GrantAsync(a, Context("s1", opened.Store)));
        Assert.Equal("r0", await GrantAsync(b, Context("s2", opened.Store)));

        // A polls only s1, B only s2. Before, A stored r1 in s1's state alone and B, reading s2's, sent the revoked r0.
        Assert.Equal("r0", await GrantAsync(a, Context("s1", opened.Store), rotated: "r1"));
        Assert.Equal("r1", await GrantAsync(b, Context("s2", opened.Store), rotated: "r2"));
        Assert.Equal("r2", await GrantAsync(a, Context("s1", opened.Store)));
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task A_source_taken_over_for_the_first_time_gets_the_newest_token_not_the_instances_older_one(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var a = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        var b = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        Assert.Equal("r0", await GrantAsync(b, Context("s2", opened.Store), rotated: "r1"));

        // A takes s2 over and rotates r1 into r2, then takes s3 too; B then takes s3 over, a source it never ran.
        // Before, B's first read of s3 counted as older than its own r1 (revoked by A's rotation): B sent r1 and stored it over r2.
        Assert.Equal("r1", await GrantAsync(a, Context("s2", opened.Store), rotated: "r2"));
        Assert.Equal("r2", await GrantAsync(a, Context("s3", opened.Store)));
        Assert.Equal("r2", await GrantAsync(b, Context("s3", opened.Store)));
        Assert.Equal("r2", await GrantAsync(a, Context("s3", opened.Store)));
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task A_token_an_earlier_version_stored_in_a_sources_state_is_still_used_and_handed_on(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        // Earlier versions stored "<fingerprint>.<token>" in each source's state, and nothing shared.
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("r0"u8.ToArray()))[..16].ToLowerInvariant();
        await opened.Store.SetManyAsync("s1", new Dictionary<string, string>
        {
            [CredentialState.KeyPrefix + RefreshTokenKeeper.StateName] = fingerprint + ".r5",
        });
        var a = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        var b = new RefreshTokenKeeper(_configured, TokenUrl, new RefreshTokenChains());
        Assert.Equal("r5", await GrantAsync(a, Context("s1", opened.Store)));
        Assert.Equal("r5", await GrantAsync(b, Context("s2", opened.Store)));

        // An instance of an earlier version rotates through s2 and stores in s2's state only: B, polling s2, sees it.
        await opened.Store.SetManyAsync("s2", new Dictionary<string, string>
        {
            [CredentialState.KeyPrefix + RefreshTokenKeeper.StateName] = fingerprint + ".r6",
        });
        Assert.Equal("r6", await GrantAsync(b, Context("s2", opened.Store)));
        Assert.Equal("r6", await GrantAsync(a, Context("s1", opened.Store)));
    }

    [SkippableTheory]
    [MemberData(nameof(StoreServers.Backends), MemberType = typeof(StoreServers))]
    public async Task The_shared_state_is_keyed_by_no_secret_and_shown_redacted(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var a = new RefreshTokenKeeper(Configured("secret-refresh"), TokenUrl, new RefreshTokenChains());
        await GrantAsync(a, Context("s1", opened.Store), rotated: "secret-rotated");
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("secret-refresh"u8.ToArray()))[..16].ToLowerInvariant();
        foreach (var source in await opened.Store.ListSourcesAsync())
        {
            Assert.DoesNotContain("secret", source);
            Assert.DoesNotContain(fingerprint, source);
            foreach (var (key, _) in await opened.Store.GetAllAsync(source)) Assert.True(CredentialState.IsSecretKey(key), key);
        }
    }

    private static SecretSource Configured(string token)
    {
        var env = new TestEnvironment();
        env.Variables["RT"] = token;
        return new SecretSource { EnvName = "RT", KeyPath = "auth.refresh_token_env", Environment = env };
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
