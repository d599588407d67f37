using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;
using Prometheus;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A next link the vendor built from a URL with its API key in the query (url: …?api_key=${KEY})
/// is stored with the key: the views meant for eyes and logs (the SIGUSR1 dump, the REST state view)
/// show it without.
/// </summary>
public sealed class StoredUrlKeyTests
{
    private const string Key = "k-3f9a61d2e7";
    private const string NextUrl = "https://api.example.com/logs?api_key=" + Key + "&after=1714557600000_1&pageToken=p2";

    [Fact]
    public async Task The_sigusr1_dump_shows_a_stored_next_url_without_its_api_key()
    {
        var store = new MemoryStateStore();
        await store.CommitAsync("s1", StateCommit.Of(new Dictionary<string, string> { ["next_url"] = NextUrl }));

        var dump = await SignalDump.RenderAsync(store, Metrics.NewCustomRegistry());

        Assert.DoesNotContain(Key, dump);
        Assert.Contains("after=1714557600000_1", dump);
        Assert.Contains("pageToken=p2", dump);
    }

    [Fact]
    public void The_rest_state_view_shows_a_stored_next_url_without_its_api_key()
    {
        var shown = StoredValues.Shown("next_url", NextUrl);

        Assert.DoesNotContain(Key, shown);
        Assert.StartsWith("https://api.example.com/logs?api_key=", shown);
        Assert.EndsWith("&after=1714557600000_1&pageToken=p2", shown);
        Assert.Equal("plain-cursor", StoredValues.Shown("cursor", "plain-cursor"));
        Assert.Equal(PluginSdk.Secret.Redacted, StoredValues.Shown(CredentialState.KeyPrefix + "oauth2_refresh_token", "fp.rt"));
    }

    [Theory]
    [InlineData("subscription-key")]
    [InlineData("X-Auth")]
    public async Task A_key_under_a_vendor_s_name_is_hidden_as_in_the_config_view(string name)
    {
        // Azure API Management's subscription key written into the source's url: its next links repeat it.
        var next = $"https://apim.example.com/audit?{name}={Key}&after=1714557600000_1&pageToken=p2";
        var store = new MemoryStateStore();
        await store.CommitAsync("s1", StateCommit.Of(new Dictionary<string, string> { ["next_url"] = next }));

        var shown = StoredValues.Shown("next_url", next);
        var dump = await SignalDump.RenderAsync(store, Metrics.NewCustomRegistry());

        Assert.DoesNotContain(Key, shown);
        Assert.DoesNotContain(Key, dump);
        Assert.EndsWith("&after=1714557600000_1&pageToken=p2", shown);
    }

    // Telegram's url: https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/getUpdates. The store keeps the reference in
    // the key's place now, but a next_url stored by an older version (or upstream) holds the key itself, and the views
    // showed it: state show and state export hid it, the dump (often one log line) and GET …/state did not.
    [Fact]
    public async Task A_key_an_older_version_stored_in_the_path_of_a_next_url_is_hidden_in_the_dump_and_the_rest_view()
    {
        const string token = "123456:AAH-0f3a9c51e7";
        var env = new TestEnvironment();
        env.Variables["TELEGRAM_BOT_TOKEN"] = token;
        var root = YamlConfigReader.ReadValue("tg:\n  url: https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/getUpdates\n", env, new ConfigErrors())!;
        var urls = UrlSecretParameters.Of(root["tg"]);
        var stored = new Dictionary<string, string> { ["next_url"] = $"https://api.telegram.org/bot{token}/getUpdates?offset=2" };
        var store = new MemoryStateStore();
        await store.CommitAsync("tg", StateCommit.Of(stored));

        var dump = await SignalDump.RenderAsync(store, Metrics.NewCustomRegistry(), id => id == "tg" ? urls : UrlSecretParameters.None);
        var shown = StoredValues.Shown(stored, urls);

        Assert.DoesNotContain("AAH-0f3a9c51e7", dump);
        Assert.Contains("https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/getUpdates?offset=2", dump);
        Assert.Equal("https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/getUpdates?offset=2", shown["next_url"]);
    }
}
