using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// Values nested a few hundred thousand levels, which Jint walks on the .NET stack: a stack overflow
/// cannot be caught and killed every source, so these run in a real helr process. Each fails its own
/// poll with a message and the other source goes on collecting.
/// </summary>
public sealed class HookDeepValueProcessTests
{
    [Fact]
    public async Task Deeply_nested_values_fail_their_own_polls_and_the_process_lives()
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
                timeout_secs: 30
            sources:
              good:
                url: {{api.Url("/good")}}
                schedule:
                  interval_secs: 1
              arrays:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { var a = []; for (var i = 0; i < 300000; i++) a = [a]; return [{ event: { s: String(a) } }]; }"
              valueof:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function link(n) { return { valueOf: function () { return +n; } }; }\nfunction parseResponse(ctx, r) { var o = 1; for (var i = 0; i < 30000; i++) o = link(o); return [{ event: { n: +o } }]; }"
              proxies:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { var o = {}; for (var i = 0; i < 20000; i++) o = new Proxy(o, {}); return [{ event: { m: String(o.missing) } }]; }"
              bound:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { var f = function () { return 1; }; for (var i = 0; i < 100000; i++) f = f.bind(null); return [{ event: { n: f() } }]; }"
              getters:
                url: {{api.Url("/bad")}}
                hooks:
                  script_inline: "function parseResponse(ctx, r) { var o = { x: 1 }; for (var i = 0; i < 100000; i++) { var n = {}; Object.defineProperty(n, 'x', { get: Reflect.get.bind(null, o, 'x') }); o = n; } return [{ event: { x: o.x } }]; }"
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        var timeout = TimeSpan.FromSeconds(90);
        const string tooDeep = "stopped: a value or calls nested too deeply for the stack";
        await helr.WaitForStderrAsync($"poll failed: arrays: hook parseResponse in script_inline {tooDeep}", timeout);
        await helr.WaitForStderrAsync($"poll failed: valueof: hook parseResponse in script_inline {tooDeep}", timeout);
        await helr.WaitForStderrAsync($"poll failed: proxies: hook parseResponse in script_inline {tooDeep}", timeout);
        await helr.WaitForStderrAsync($"poll failed: bound: hook parseResponse in script_inline {tooDeep}", timeout);
        await helr.WaitForStderrAsync($"poll failed: getters: hook parseResponse in script_inline {tooDeep}", timeout);
        var servedAfterFailures = Volatile.Read(ref served);
        await helr.WaitForLinesAsync(servedAfterFailures + 1, timeout);

        Assert.All(Ndjson.Parse(helr.Stdout), l => Assert.Equal("good", l.GetProperty("source").GetString()));
    }
}
