using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// A hook's <c>fetch()</c> POST that acts on the server (an acknowledgement, an export job): a 5xx may
/// come after the server acted, so it is the answer, not a reason to send the POST again.
/// </summary>
public sealed class HookFetchPostRetryTests
{
    private const string Script = """
        async function parseResponse(ctx, r) {
          var ack = await fetch(r.body.ack, { method: 'POST', body: JSON.stringify({ upTo: 'a2' }) });
          if (!ack.ok) throw new Error('ack answered ' + ack.status);
          return r.body.items.map(function (e) { return { event: e }; });
        }
        """;

    [Fact]
    public async Task A_POST_answered_502_is_sent_once_and_its_answer_goes_to_the_script()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json($$"""{"ack":"{{api.Url("/ack")}}","items":[{"id":"a1"},{"id":"a2"}]}"""));
        api.OnSequence("POST", "/ack", FakeResponse.Json("""{"error":"bad gateway"}""", 502), FakeResponse.Json("""{"acked":2}"""));
        using var dir = new TempDir();
        dir.Write("ack.js", Script);
        var config = dir.Write("helr.yaml", $"""
            global:
              hooks:
                enabled: true
                path: {dir.Path}
                allow_network: true
            sources:
              acked:
                url: {api.Url("/logs")}
                resilience:
                  retries: {"{"} max_attempts: 3, initial_backoff_secs: 0 {"}"}
                hooks:
                  script: ack.js
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Single(api.Requests, r => r.Path == "/ack");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ack answered 502", result.Stderr);
        Assert.Empty(result.Lines);
    }
}
