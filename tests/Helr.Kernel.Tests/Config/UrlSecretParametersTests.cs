using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>Which query parameters of a stored URL are the source url's secret, emptied for the store and filled again on resume.</summary>
public sealed class UrlSecretParametersTests
{
    private const string Key = "k3y/value+1";

    private static UrlSecretParameters Of(string block, Dictionary<string, string>? variables = null)
    {
        var env = new TestEnvironment();
        foreach (var (name, value) in variables ?? new() { ["API_KEY"] = Key, ["START"] = "2026-01-01", ["TENANT"] = "acme" })
            env.Variables[name] = value;
        var root = YamlConfigReader.ReadValue($"s:\n{block}", env, new ConfigErrors())!;
        return UrlSecretParameters.Of(root["s"]);
    }

    private static string Hidden(UrlSecretParameters secrets, string value) =>
        secrets.Hidden(new Dictionary<string, string> { ["next_url"] = value })["next_url"];

    private static string Restored(UrlSecretParameters secrets, string value) =>
        secrets.Restored(new Dictionary<string, string> { ["next_url"] = value })["next_url"];

    [Fact]
    public void A_url_key_from_a_variable_is_emptied_in_place_and_restored_with_the_configured_value()
    {
        var secrets = Of("  url: https://api.example.com/logs?api_key=${API_KEY}&limit=100\n");
        var escaped = Uri.EscapeDataString(Key);
        var stored = Hidden(secrets, $"https://api.example.com/logs?limit=100&api_key={escaped}&page=2#top");
        Assert.Equal("https://api.example.com/logs?limit=100&api_key=&page=2#top", stored);
        Assert.Equal($"https://api.example.com/logs?limit=100&api_key={escaped}&page=2#top", Restored(secrets, stored));
    }

    [Theory]
    // Another origin: the key is neither hidden there nor sent there.
    [InlineData("https://other.example.com/logs?api_key={key}&page=2")]
    [InlineData("http://api.example.com/logs?api_key={key}&page=2")]
    // The vendor's own value under that name, and a key that is not the url's.
    [InlineData("https://api.example.com/logs?api_key=other&page=2")]
    [InlineData("https://api.example.com/logs?token={key}&page=2")]
    [InlineData("not a url api_key={key}")]
    public void Other_values_are_stored_as_they_are(string value)
    {
        var secrets = Of("  url: https://api.example.com/logs?api_key=${API_KEY}\n");
        var text = value.Replace("{key}", Uri.EscapeDataString(Key), StringComparison.Ordinal);
        Assert.Equal(text, Hidden(secrets, text));
    }

    [Theory]
    // Positions, even from a secret's variable: the vendor moves them.
    [InlineData("  url: https://api.example.com/logs?pageToken=${API_KEY}\n", "pageToken")]
    [InlineData("  url: https://api.example.com/logs?continuationToken=${API_KEY}\n", "continuationToken")]
    [InlineData("  url: https://api.example.com/logs?cursor=${API_KEY}\n", "cursor")]
    // Neither the variable nor the parameter says secret.
    [InlineData("  url: https://api.example.com/logs?since=${START}\n", "since")]
    [InlineData("  url: https://api.example.com/logs?tenant=${TENANT}\n", "tenant")]
    // Written in the file, not a variable.
    [InlineData("  url: https://api.example.com/logs?api_key=literal-key\n", "api_key")]
    public void Positions_and_parameters_not_from_a_secret_are_never_emptied(string block, string name)
    {
        var secrets = Of(block);
        Assert.True(secrets.IsEmpty);
        var value = $"https://api.example.com/logs?{name}=x";
        Assert.Equal(value, Hidden(secrets, value));
    }

    [Fact]
    public void A_query_param_from_a_secret_counts_as_the_urls()
    {
        var secrets = Of("  url: https://api.example.com/logs\n  query_params:\n    code: ${API_KEY}\n    since: ${START}\n");
        Assert.Equal("https://api.example.com/logs?code=&since=2026-01-01",
            Hidden(secrets, $"https://api.example.com/logs?code={Uri.EscapeDataString(Key)}&since=2026-01-01"));
    }

    [Fact]
    public void A_rotated_key_is_what_the_resumed_url_gets()
    {
        var stored = Hidden(Of("  url: https://api.example.com/logs?key=${API_KEY}\n"), $"https://api.example.com/logs?key={Uri.EscapeDataString(Key)}&page=3");
        var rotated = Of("  url: https://api.example.com/logs?key=${API_KEY}\n", new() { ["API_KEY"] = "rotated" });
        Assert.Equal("https://api.example.com/logs?key=rotated&page=3", Restored(rotated, stored));
    }

    [Theory]
    [InlineData("  url: https://api.example.com/bot${API_KEY}/getUpdates\n")]
    [InlineData("  url: https://api.example.com/bot${API_KEY:-x}/getUpdates?limit=1\n")]
    public void A_path_key_is_stored_as_its_reference_and_restored_with_the_configured_value(string block)
    {
        var secrets = Of(block);
        var reference = block.Contains(":-", StringComparison.Ordinal) ? "${API_KEY:-x}" : "${API_KEY}";
        var stored = Hidden(secrets, $"https://api.example.com/bot{Key}/getUpdates?offset=2");
        Assert.Equal($"https://api.example.com/bot{reference}/getUpdates?offset=2", stored);
        Assert.Equal($"https://api.example.com/bot{Key}/getUpdates?offset=2", Restored(secrets, stored));
        Assert.Equal($"https://api.example.com/bot{reference}/x", Hidden(secrets, $"https://api.example.com/bot{Uri.EscapeDataString(Key)}/x"));
        // Another origin, and a value in the query (a vendor's own): stored as they are.
        Assert.Equal($"https://other.example.com/bot{Key}/x", Hidden(secrets, $"https://other.example.com/bot{Key}/x"));
        Assert.Equal($"https://api.example.com/x?q={Key}", Hidden(secrets, $"https://api.example.com/x?q={Key}"));
        var rotated = Of(block, new() { ["API_KEY"] = "rotated-key" });
        Assert.Equal("https://api.example.com/botrotated-key/getUpdates?offset=2", Restored(rotated, stored));
        // What an older version stored, with the key: resumed as it is.
        Assert.Equal($"https://api.example.com/bot{Key}/getUpdates", Restored(secrets, $"https://api.example.com/bot{Key}/getUpdates"));
    }

    [Theory]
    [InlineData("  url: https://api.example.com/${TENANT}/logs\n")]
    [InlineData("  url: https://${API_KEY}.example.com/logs\n")]
    public void A_path_part_not_from_a_secret_and_a_host_are_never_replaced(string block)
    {
        Assert.True(Of(block, new() { ["API_KEY"] = "acme-key", ["TENANT"] = "acme-tenant" }).IsEmpty);
    }
}
