using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// A stop while a hook runs: the hook is cut at once instead of running out its timeout_secs, the stop
/// is not a hook error, and the state stays where the last finished cycle left it.
/// </summary>
public sealed class HookStopProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // The first run stores its cursor; the next one finds a page whose hook never returns on its own: a
    // loop of long statements (no statement budget runs out) or a fetch the API never answers.
    private const string Script = """
        function parseResponse(ctx, r) {
          var b = r.body;
          if (b.stuck === 'loop') {
            console.log('hook busy: loop');
            var s = 'x'.repeat(5000000);
            while (true) { s.indexOf('y'); }
          }
          if (b.stuck === 'fetch') {
            console.log('hook busy: fetch');
            return fetch(b.slow).then(function (x) { return x.json(); });
          }
          return b.items.map(function (e) { return { event: e }; });
        }
        function commitState(ctx, events) {
          return events.length ? { cursor: events[events.length - 1].event.id } : {};
        }
        """;

    [Fact]
    public async Task Sigterm_stops_a_hook_that_loops_or_awaits_a_fetch_at_once_and_keeps_the_state_from_before()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnSequence("GET", "/loop", FakeResponse.Json("""{"items":[{"id":"l1"}]}"""),
            FakeResponse.Json("""{"stuck":"loop","items":[{"id":"l2"}]}"""));
        api.OnSequence("GET", "/fetch", FakeResponse.Json("""{"items":[{"id":"f1"}]}"""),
            FakeResponse.Json($$"""{"stuck":"fetch","slow":"{{api.Url("/slow")}}","items":[{"id":"f2"}]}"""));
        api.OnGet("/slow", _ =>
        {
            release.Task.Wait();
            return FakeResponse.Json("""[{"event":{"id":"late"}}]""");
        });
        using var dir = new TempDir();
        dir.Write("stop.js", Script);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              hooks:
                enabled: true
                path: {dir.Path}
                timeout_secs: 3600
                allow_network: true
            sources:
              loop:
                url: {api.Url("/loop")}
                hooks:
                  script: stop.js
              fetch:
                url: {api.Url("/fetch")}
                resilience:
                  timeout_secs: 3600
                hooks:
                  script: stop.js
            """);
        try
        {
            var first = await HelrProcess.RunOnceAsync(config, dir);
            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.Equal("l1", await StateCli.GetAsync(config, "loop", "cursor"));
            Assert.Equal("f1", await StateCli.GetAsync(config, "fetch", "cursor"));

            await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
            await helr.WaitForStderrAsync("hook busy: loop", Timeout);
            await helr.WaitForStderrAsync("hook busy: fetch", Timeout);
            helr.Signal("TERM");
            // Before, each hook ran on to its 3600 s timeout: the run gave up on both sources after its
            // 30 s stop grace and exited 1.
            var result = await helr.WaitAsync(Timeout);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("did not stop", result.Stderr);
            Assert.DoesNotContain("poll failed", result.Stderr);
            Assert.Contains("poll stopped by shutdown: loop", result.Stderr);
            Assert.Contains("poll stopped by shutdown: fetch", result.Stderr);
            Assert.Empty(result.Stdout.Trim());
            Assert.Equal("l1", await StateCli.GetAsync(config, "loop", "cursor"));
            Assert.Equal("f1", await StateCli.GetAsync(config, "fetch", "cursor"));
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
