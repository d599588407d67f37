using System.Net;
using System.Text;
using System.Text.Json;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

/// <summary>
/// A token endpoint that judges a client assertion's <c>iat</c>/<c>exp</c> and a DPoP proof's <c>iat</c> by
/// its own clock, ten minutes behind this host's (a VM whose clock ran ahead after a suspend, no NTP).
/// </summary>
public sealed class ServerClockTests
{
    private static readonly TimeSpan ServerBehind = TimeSpan.FromMinutes(10);

    private static DateTimeOffset ServerNow() => DateTimeOffset.UtcNow - ServerBehind;

    [Fact]
    public async Task A_refused_assertion_is_signed_again_on_the_servers_clock_and_later_ones_start_on_it()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("KEY", rsa.ExportPkcs8PrivateKeyPem());
        var auth = AuthReader.Read(ConfigTree.FromJson(
            """{"type": "oauth2", "token_url": "https://auth.example.com/t", "client_id_env": "ID", "client_private_key_env": "KEY", "dpop": true}""", "sources.s.auth"), env)!;
        ScriptedSender? sender = null;
        sender = new ScriptedSender(n =>
        {
            var request = sender!.Requests[^1];
            var form = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult().Split('&')
                .Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            var assertion = Claims(form["client_assertion"]);
            var proof = Claims(request.Headers.GetValues("DPoP").Single());
            var now = ServerNow().ToUnixTimeSeconds();
            var answer = !Fresh(assertion.GetProperty("iat").GetInt64(), now) || assertion.GetProperty("exp").GetInt64() <= now
                ? ScriptedSender.Json("""{"error":"invalid_client","error_description":"The client_assertion token has an issued at time in the future."}""", HttpStatusCode.Unauthorized)
                : !Fresh(proof.GetProperty("iat").GetInt64(), now)
                    ? ScriptedSender.Json("""{"error":"invalid_dpop_proof"}""", HttpStatusCode.BadRequest)
                    : ScriptedSender.Json($$"""{"access_token":"t{{n}}","token_type":"DPoP","expires_in":3600}""");
            answer.Headers.Date = ServerNow();
            return answer;
        });
        var context = sender.Context();

        var first = new HttpRequestMessage(HttpMethod.Get, "https://auth.example.com/api/v1/logs");
        await auth.ApplyAsync(first, context, CancellationToken.None);

        Assert.Equal("t2", first.Headers.Authorization?.Parameter);
        Assert.True(Fresh(Claims(first.Headers.GetValues("DPoP").Single()).GetProperty("iat").GetInt64(), ServerNow().ToUnixTimeSeconds()),
            "the resource request's DPoP proof is set on the server's clock");
        Assert.Contains(((RecordingLogger)context.Log).Lines, l => l.Contains("signing on the server's clock", StringComparison.Ordinal));

        // A later token (the API answered 401) is signed on the server's clock from the start: one request, no refusal.
        Assert.True(await auth.RefreshAsync(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = first }, context, CancellationToken.None));
        Assert.Equal(3, sender.Count);

        // The kernel renews the proof of a request that waited for its permits (a token bucket, a bulkhead):
        // the renewed proof is set on the server's clock too, or the API refuses it as stale.
        ((IRequestProofs)auth).RenewProof(first, TimeProvider.System);
        Assert.True(Fresh(Claims(first.Headers.GetValues("DPoP").Single()).GetProperty("iat").GetInt64(), ServerNow().ToUnixTimeSeconds()),
            "a renewed DPoP proof is set on the server's clock");
    }

    // Okta allows a minute of leeway either way.
    private static bool Fresh(long iat, long now) => Math.Abs(iat - now) <= 60;

    private static JsonElement Claims(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')));
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
