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

    [Fact]
    public void Header_keys_that_name_a_credential_without_the_usual_words_are_replaced()
    {
        // Cloudflare's X-Auth-Key, Azure API Management's and Azure Functions' keys: a header whose name
        // says key or auth is a credential, as the error body preview and the recorder already treat it.
        var raw = JsonNode.Parse("""
            {"headers":{"X-Auth-Key":"cf-111","Ocp-Apim-Subscription-Key":"apim-222","X-Functions-Key":"fn-333","X-Auth":"xa-444",
                        "Accept":"application/json","X-GitHub-Api-Version":"2022-11-28"},
             "query_params":{"subscription-key":"apim-555","limit":"100"},
             "incremental_from":{"state_key":"oldest_ts"}}
            """);
        var text = ConfigRedaction.Redact(raw)!.ToJsonString();
        foreach (var secret in new[] { "cf-111", "apim-222", "fn-333", "xa-444", "apim-555" })
            Assert.DoesNotContain(secret, text);
        var redacted = JsonNode.Parse(text)!;
        Assert.Equal("application/json", redacted["headers"]!["Accept"]!.GetValue<string>());
        Assert.Equal("2022-11-28", redacted["headers"]!["X-GitHub-Api-Version"]!.GetValue<string>());
        Assert.Equal("100", redacted["query_params"]!["limit"]!.GetValue<string>());
        Assert.Equal("oldest_ts", redacted["incremental_from"]!["state_key"]!.GetValue<string>());
    }

    // Names that mark a secret variable (…PASSPHRASE, DB_PWD, DB_PASS, SENTRY_DSN, GITHUB_PAT) mark a
    // credential written under a header or query parameter too: the config view showed these.
    [Fact]
    public void Header_and_parameter_names_that_mark_a_secret_variable_are_replaced()
    {
        var raw = JsonNode.Parse("""
            {"headers":{"CB-ACCESS-PASSPHRASE":"pp-111","X-Db-Pwd":"pw-222","X-Pass":"ps-333","X-Sentry-Dsn":"dsn-444","X-Gitlab-Pat":"pat-555",
                        "X-Bypass-Cache":"1","X-Compass":"north"},
             "query_params":{"passphrase":"pp-666","pat":"pat-777"},
             "url":"https://api.example.com/audit?pwd=pw-888&dsn=dsn-999&limit=5"}
            """);
        var text = ConfigRedaction.Redact(raw)!.ToJsonString();
        foreach (var secret in new[] { "pp-111", "pw-222", "ps-333", "dsn-444", "pat-555", "pp-666", "pat-777", "pw-888", "dsn-999" })
            Assert.DoesNotContain(secret, text);
        var redacted = JsonNode.Parse(text)!;
        Assert.Equal("1", redacted["headers"]!["X-Bypass-Cache"]!.GetValue<string>());
        Assert.Equal("north", redacted["headers"]!["X-Compass"]!.GetValue<string>());
        Assert.Contains("limit=5", redacted["url"]!.GetValue<string>());
    }

    // A JSON Web Token is a bearer credential whatever else its field is called: the config view showed these.
    [Fact]
    public void A_jwt_in_a_body_a_header_or_a_query_parameter_is_replaced()
    {
        var raw = JsonNode.Parse("""
            {"body":{"jwt":"eyJ-111","filter":"all"},"headers":{"X-JWT":"eyJ-222"},"query_params":{"id_jwt":"eyJ-333"},
             "url":"https://api.example.com/audit?jwt=eyJ-444&limit=5"}
            """);
        var text = ConfigRedaction.Redact(raw)!.ToJsonString();
        foreach (var secret in new[] { "eyJ-111", "eyJ-222", "eyJ-333", "eyJ-444" })
            Assert.DoesNotContain(secret, text);
        var redacted = JsonNode.Parse(text)!;
        Assert.Equal("all", redacted["body"]!["filter"]!.GetValue<string>());
        Assert.Contains("limit=5", redacted["url"]!.GetValue<string>());
    }

    [Fact]
    public void A_url_s_query_parameter_named_like_a_credential_header_is_replaced_as_under_query_params()
    {
        // The same Azure API Management key written into the URL instead of under query_params:.
        var raw = JsonNode.Parse("""
            {"url":"https://apim.example.com/audit?subscription-key=apim-777&limit=5&X-Auth=xa-888"}
            """);
        var url = ConfigRedaction.Redact(raw)!["url"]!.GetValue<string>();
        Assert.DoesNotContain("apim-777", url);
        Assert.DoesNotContain("xa-888", url);
        Assert.Contains("limit=5", url);
    }

    [Theory]
    [InlineData("Host=db;Username=helr;Password=pg-666;Database=helr", "Host=db;Username=helr;")]
    [InlineData("Host=db; Username=helr; Pwd = pg-666 ;Database=helr", "Database=helr")]
    public void The_password_of_a_keyword_connection_string_is_replaced(string url, string kept)
    {
        var raw = new JsonObject { ["state"] = new JsonObject { ["backend"] = "postgres", ["url"] = url } };
        var text = ConfigRedaction.Redact(raw)!["state"]!["url"]!.GetValue<string>();
        Assert.DoesNotContain("pg-666", text);
        Assert.Contains(kept, text);
        Assert.DoesNotContain("pg-666", ConfigRedaction.RedactText(url));
    }

    // A password with an unencoded @ or a quoted one with a ; showed its end: the match stopped at the first of them.
    [Theory]
    [InlineData("postgres://helr:pg@666@db.example.com:5432/helr", "postgres://helr:redacted@db.example.com:5432/helr")]
    [InlineData("redis://:pg@666@127.0.0.1:6379/0", "redis://:redacted@127.0.0.1:6379/0")]
    [InlineData("Host=db;Username=helr;Password='x;pg-666';Database=helr", "Host=db;Username=helr;Password=[redacted];Database=helr")]
    [InlineData("Host=db;Password=\"x;pg-666\"", "Host=db;Password=[redacted]")]
    public void A_password_holding_an_at_sign_or_a_quoted_semicolon_is_replaced_whole(string url, string expected)
    {
        Assert.Equal(expected, ConfigRedaction.RedactText(url));
    }

    // Helr reads redis://secret@host as redis-cli does, a password for the default user (RedisUrl), and
    // /api/v1/config showed it: only a user:password pair was replaced.
    [Theory]
    [InlineData("redis://redispw-777@127.0.0.1:6379/0", "redis://redacted@127.0.0.1:6379/0")]
    [InlineData("rediss://redispw-777@cache.example.com/1", "rediss://redacted@cache.example.com/1")]
    [InlineData("REDIS://redispw-777@127.0.0.1", "REDIS://redacted@127.0.0.1")]
    public void A_redis_url_whose_user_info_is_a_password_alone_is_replaced(string url, string expected)
    {
        Assert.Equal(expected, ConfigRedaction.RedactText(url));
        var raw = new JsonObject { ["state"] = new JsonObject { ["backend"] = "redis", ["url"] = url } };
        Assert.DoesNotContain("redispw-777", ConfigRedaction.Redact(raw)!.ToJsonString());
    }

    // A user name alone is no secret elsewhere: postgres://helr@db reads helr as the user.
    [Fact]
    public void A_user_name_alone_in_another_url_is_kept()
    {
        Assert.Equal("postgres://helr@db.example.com:5432/helr", ConfigRedaction.RedactText("postgres://helr@db.example.com:5432/helr"));
    }
}
