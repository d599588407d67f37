using System.Text.Json.Nodes;
using Helr.Kernel.Config;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>What the config endpoints may show: names and paths of secrets, never a value written under a credential-like key.</summary>
public sealed class ConfigRedactionTests
{
    [Fact]
    public void Credential_values_are_replaced_and_names_and_paths_kept()
    {
        var raw = JsonNode.Parse("""
            {"auth":{"type":"bearer","token_env":"OKTA_TOKEN","token_file":"/run/secrets/t","token_url":"https://idp/token"},
             "headers":{"Authorization":"SSWS abc123","X-Api-Key":"k-987","Cookie":"sid=1","X-Trace":"keep-me"},
             "body":{"client_secret":"cs-555","page_size":100},
             "url":"https://user:pw-444@api.example.com/logs?api_key=qk-333&limit=5",
             "state_url":"redis://:redispw-222@127.0.0.1:6379/0",
             "with_default":"${TOKEN:-fallback-111}",
             "plain":"${TOKEN}"}
            """);
        var text = ConfigRedaction.Redact(raw)!.ToJsonString();
        foreach (var secret in new[] { "abc123", "k-987", "sid=1", "cs-555", "pw-444", "qk-333", "redispw-222", "fallback-111" })
            Assert.DoesNotContain(secret, text);
        var redacted = JsonNode.Parse(text)!;
        Assert.Equal("OKTA_TOKEN", redacted["auth"]!["token_env"]!.GetValue<string>());
        Assert.Equal("/run/secrets/t", redacted["auth"]!["token_file"]!.GetValue<string>());
        Assert.Equal("https://idp/token", redacted["auth"]!["token_url"]!.GetValue<string>());
        Assert.Equal("keep-me", redacted["headers"]!["X-Trace"]!.GetValue<string>());
        Assert.Equal(100, redacted["body"]!["page_size"]!.GetValue<long>());
        Assert.Contains("limit=5", redacted["url"]!.GetValue<string>());
        Assert.Equal("${TOKEN}", redacted["plain"]!.GetValue<string>());
        Assert.Equal("${TOKEN:-[redacted]}", redacted["with_default"]!.GetValue<string>());
        // The original tree is left as it was.
        Assert.Contains("abc123", raw!.ToJsonString());
    }
}
