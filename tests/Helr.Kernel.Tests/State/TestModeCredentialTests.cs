using Helr.Kernel.State;
using Helr.PluginSdk;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr test</c> keeps every write of its cycle in memory, but a refresh token the server rotated is
/// not a position: the rotation revoked the stored token, so kept in memory only, it would leave the
/// running instance (and every later run) with a revoked token, and the source would collect nothing.
/// </summary>
public sealed class TestModeCredentialTests : IDisposable
{
    private const string Key = CredentialState.KeyPrefix + "oauth2_refresh_token";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-tmc-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task A_rotated_credential_reaches_the_store_while_positions_stay_in_memory()
    {
        var inner = new MemoryStateStore();
        await inner.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1", [Key] = "fp.r0" });
        var overlay = new OverlayStateStore(inner);
        await overlay.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c2" });
        await new CredentialState(overlay, "s").SetAsync("oauth2_refresh_token", new Secret("fp.r1"), default);

        var stored = await inner.GetAllAsync("s");
        Assert.Equal("c1", stored["cursor"]);
        Assert.Equal("fp.r1", stored[Key]);
        Assert.Equal("c2", (await overlay.GetAllAsync("s"))["cursor"]);
    }

    [Fact]
    public async Task A_rotated_credential_reaches_a_sqlite_file_opened_read_only()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "state.db");
        await using (var run = await SqliteStateStore.OpenAsync(path, readOnly: false, TimeProvider.System))
            await run.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c1", [Key] = "fp.r0" });

        await using (var test = await SqliteStateStore.OpenAsync(path, readOnly: true, TimeProvider.System))
        {
            var overlay = new OverlayStateStore(test);
            await overlay.SetManyAsync("s", new Dictionary<string, string> { ["cursor"] = "c2" });
            await new CredentialState(overlay, "s").SetAsync("oauth2_refresh_token", new Secret("fp.r1"), default);
        }

        await using var after = await SqliteStateStore.OpenAsync(path, readOnly: true, TimeProvider.System);
        var stored = await after.GetAllAsync("s");
        Assert.Equal("c1", stored["cursor"]);
        Assert.Equal("fp.r1", stored[Key]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
