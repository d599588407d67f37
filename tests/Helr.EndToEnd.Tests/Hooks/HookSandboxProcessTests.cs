using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// Runaway scripts in the real helr: an endless loop, a deep recursion and a gigabyte allocation are
/// each stopped by the sandbox with a clear error, and another source goes on collecting meanwhile.
/// </summary>
public sealed class HookSandboxProcessTests
{
    [Fact]
    public async Task Runaway_scripts_fail_their_own_polls_while_another_source_keeps_collecting()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/good", _ => FakeResponse.Json($$"""[{"id":"g{{Interlocked.Increment(ref served)}}"}]"""));
        api.OnGet("/bad", _ => FakeResponse.Json("""[{"id":"b"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
                timeout_secs: 5
                memory_limit_mb: 64
            sources:
              good:
                url: {{api.Url("/good")}}
                schedule:
                  interval_secs: 1
              loop:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { while (true) {} }"
              recursion:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function down(n) { return down(n + 1) + 1; }\nfunction parseResponse(ctx, r) { return down(0); }"
              memory:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { var s = 'x'; for (var i = 0; i < 30; i++) s = s + s; return [{ event: { s: s } }]; }"
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        var timeout = TimeSpan.FromSeconds(60);
        // Which limit stops the endless loop first, the 5 s clock or the statement budget, depends on the
        // machine's speed; either is the sandbox doing its job.
        await helr.WaitForStderrAsync("poll failed: loop: hook parseResponse in script_inline ", timeout);
        await helr.WaitForStderrAsync("hook parseResponse in script_inline stopped: calls nested deeper than 256 (recursion limit)", timeout);
        await helr.WaitForStderrAsync("hook parseResponse in script_inline stopped: it allocated more than 64 MB (global.hooks.memory_limit_mb)", timeout);
        // Every failure is in: the good source still collects after them.
        var servedAfterFailures = Volatile.Read(ref served);
        await helr.WaitForLinesAsync(servedAfterFailures + 1, timeout);

        var lines = Ndjson.Parse(helr.Stdout);
        Assert.All(lines, l => Assert.Equal("good", l.GetProperty("source").GetString()));
        var loopFailure = helr.Stderr.Split('\n').First(l => l.Contains("poll failed: loop: ", StringComparison.Ordinal));
        Assert.True(loopFailure.Contains("timed out after 5 s (global.hooks.timeout_secs)", StringComparison.Ordinal)
            || loopFailure.Contains("stopped: it ran more than 50000000 statements", StringComparison.Ordinal), loopFailure);
        Assert.Contains(helr.Stderr.Split('\n'), l => l.Contains("memory", StringComparison.Ordinal) && l.Contains("allocated more than 64 MB", StringComparison.Ordinal));
    }
}
