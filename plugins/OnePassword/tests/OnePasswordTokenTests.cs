using System.Text;
using Helr.Plugins.OnePassword.Tests.Support;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>
/// An Events Reporting token is a JWT naming the Events API host it is for (<c>aud</c>) and the events it may
/// read (<c>1password.com/fts</c>), as 1Password's own integrations read them: a source configured for another
/// host or event type passed helr validate and then was refused every cycle.
/// </summary>
public class OnePasswordTokenTests
{
    private static string Token(string aud, params string[] features)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var fts = features.Length == 0 ? "" : $$""","1password.com/fts":[{{string.Join(",", features.Select(f => $"\"{f}\""))}}]""";
        return Part("""{"alg":"ES256","kid":"k1","typ":"JWT"}""") + "." + Part($$"""{"aud":["{{aud}}"],"sub":"SVCACCT"{{fts}},"iat":1700000000}""") + ".c2lnbmF0dXJl";
    }

    private static (string? Problems, string Token) Load(string keys, string token)
    {
        var env = new TestEnvironment();
        env.Variables["OP_EVENTS_TOKEN"] = token;
        try
        {
            using var harness = SourceHarness.Create(new OnePasswordSourceType(), keys + "\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}", environment: env);
            return (null, token);
        }
        catch (InvalidOperationException ex)
        {
            return (ex.Message, token);
        }
    }

    [Fact]
    public void A_token_for_another_region_is_an_error_at_region_naming_the_one_to_set()
    {
        var (problems, token) = Load("events: auditevents", Token("events.ent.1password.com", "auditevents"));

        Assert.NotNull(problems);
        Assert.Contains("sources.s.region: the token is for events.ent.1password.com (the host its aud claim names), so events.1password.com would refuse it "
            + "every cycle (HTTP 401): set region: ent", problems);
        Assert.DoesNotContain(token, problems);
    }

    [Fact]
    public void A_token_for_another_region_than_a_1Password_url_is_an_error_at_url()
    {
        var (problems, _) = Load("events: auditevents\nurl: https://events.1password.com/api/v2/auditevents", Token("events.1password.eu"));

        Assert.Contains("sources.s.url: the token is for events.1password.eu (the host its aud claim names), so events.1password.com would refuse it "
            + "every cycle (HTTP 401): set region: eu instead of url", problems);
    }

    [Theory]
    [InlineData("events: auditevents\nregion: ent", "events.ent.1password.com")]
    [InlineData("events: auditevents", "events.1password.com")]
    [InlineData("events: auditevents\nurl: https://op-proxy.example.com", "events.1password.com")]
    [InlineData("events: auditevents", "com.1password.streamingservice")]
    public void A_token_for_the_configured_host_a_proxy_or_an_old_token_naming_none_loads(string keys, string aud)
    {
        Assert.Null(Load(keys, Token(aud, "auditevents")).Problems);
        Assert.Null(Load(keys, "not-a-jwt").Problems);
    }

    [Fact]
    public void Events_the_token_may_not_read_are_an_error_at_events()
    {
        var (problems, token) = Load("events: auditevents", Token("events.1password.com", "signinattempts", "itemusages"));

        Assert.NotNull(problems);
        Assert.Contains("sources.s.events: the token may read signinattempts, itemusages only (the events its 1password.com/fts claim lists), so the API would refuse "
            + "auditevents every cycle: add them to the Events Reporting integration and use its new token, or set events to one the token has", problems);
        Assert.DoesNotContain(token, problems);
        Assert.Null(Load("events: itemusages", Token("events.1password.com", "signinattempts", "itemusages")).Problems);
    }
}
