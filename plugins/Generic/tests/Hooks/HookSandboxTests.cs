namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>The sandbox: limits stop runaway scripts with a clear error; nothing outside JS is reachable.</summary>
public class HookSandboxTests
{
    // Short timeout for the tests about time; a long one where another limit must stop the script first.
    private const string Limits = "hooks: { enabled: true, timeout_secs: 1, memory_limit_mb: 64 }";
    private const string Roomy = "hooks: { enabled: true, timeout_secs: 30, memory_limit_mb: 64 }";

    private static async Task<HarnessCycle> RunParse(string body, string global = Roomy)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", "function parseResponse(ctx, response) {\n" + body + "\n}", api, global);
        return await harness.RunCycleAsync();
    }

    // Accepted by helr validate (upstream takes any whole number), these overflowed a timer, the byte
    // count or the cache's expiry, and every cycle failed ("TimeSpan overflowed", "Value to add was out of range").
    [Theory]
    [InlineData("timeout_secs: 9223372036854775807")]
    [InlineData("timeout_secs: 100000000")]
    [InlineData("memory_limit_mb: 9223372036854775807")]
    [InlineData("auth_cache_ttl_secs: 9223372036854775807")]
    public async Task The_largest_hook_limits_let_the_hooks_run(string limit)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getAuth(ctx) { return { headers: { "X-Session": "s" } }; }
            function parseResponse(ctx, response) { return [{ event: { id: "a" } }]; }
            """, api, $"hooks: {{ enabled: true, {limit} }}");

        var first = await harness.RunCycleAsync();
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Null(second.Error);
        Assert.Single(first.Lines);
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_by_the_timeout()
    {
        var cycle = await RunParse("while (true) {}", Limits);
        Assert.Equal("hook parseResponse in script_inline timed out after 1 s (global.hooks.timeout_secs)", cycle.Error);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task A_never_settling_promise_is_stopped_by_the_timeout()
    {
        var cycle = await RunParse("return new Promise(function () {});", Limits);
        Assert.Equal("hook parseResponse in script_inline timed out after 1 s (global.hooks.timeout_secs)", cycle.Error);
    }

    // Jint's Atomics.wait blocks the thread without looking at the timeout or a stop: with no timeout
    // of its own the source hung for good, and shutdown waited on it. Nothing else runs in a hook to
    // wake it, so it is refused, as a browser's main thread refuses it.
    [Fact]
    public async Task Atomics_wait_is_refused_instead_of_blocking_past_the_timeout()
    {
        var cycle = await RunParse("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000); return [];", Limits);
        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook parseResponse in script_inline failed: Atomics.wait cannot be called in a hook", cycle.Error);
    }

    [Fact]
    public async Task Deep_recursion_is_stopped_by_the_recursion_limit()
    {
        var cycle = await RunParse("function down(n) { return down(n + 1) + 1; }\nreturn down(0);");
        Assert.Equal("hook parseResponse in script_inline stopped: calls nested deeper than 256 (recursion limit)", cycle.Error);
    }

    // Jint's serializer recursed on the .NET stack without a limit: this overflowed it and killed the process.
    [Theory]
    [InlineData("return [{ event: deep }];")]
    [InlineData("return [{ event: { text: JSON.stringify(deep, function (k, v) { return v; }) } }];")]
    [InlineData("return [{ event: { text: JSON.stringify(deep, ['a']) } }];")]
    // A result that is not plain data is read through the guard: it may grow while serialized.
    [InlineData("return [{ event: { get x() { return deep; } } }];")]
    [InlineData("return [{ event: { x: { toJSON: function () { return deep; } } } }];")]
    [InlineData("Object.prototype.toJSON = function () { return [this]; }; return [{ event: {} }];")]
    [InlineData("return [{ event: new Proxy({}, { ownKeys: function () { return ['a']; }, getOwnPropertyDescriptor: function () { return { value: 1, enumerable: true, configurable: true }; }, get: function () { return deep; } }) }];")]
    public async Task A_value_nested_too_deep_for_json_fails_the_hook_instead_of_the_process(string use)
    {
        var cycle = await RunParse("var deep = {}; for (var i = 0; i < 300000; i++) deep = { a: deep };\n" + use);
        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook parseResponse in script_inline failed: JSON.stringify: value nested deeper than 256 levels", cycle.Error);
    }

    [Fact]
    public async Task Json_stringify_keeps_its_replacer_and_space_semantics()
    {
        var cycle = await RunParse("""
            var v = { b: 1, a: { c: [1, { d: 2 }] } };
            return [{ event: { list: JSON.stringify(v, ['a', 'b']), fn: JSON.stringify(v, function (k, x) { return k === 'b' ? undefined : x; }), space: JSON.stringify([1], null, 1) } }];
            """);
        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "{\"a\":{},\"b\":1}" }, cycle.EventField("list"));
        Assert.Equal(new[] { "{\"a\":{\"c\":[1,{\"d\":2}]}}" }, cycle.EventField("fn"));
        Assert.Equal(new[] { "[\n 1\n]" }, cycle.EventField("space"));
    }

    [Fact]
    public async Task Console_log_of_a_value_nested_too_deep_logs_it_as_a_string()
    {
        var cycle = await RunParse("var deep = {}; for (var i = 0; i < 300000; i++) deep = { a: deep };\nconsole.log(deep); return [];");
        Assert.Null(cycle.Error);
        Assert.Contains("INFORMATION hook console.\"info\" (\"script_inline\" \"parseResponse\"): \"[object Object]\"", cycle.Log);
    }

    [Theory]
    [InlineData("var chunks = []; while (true) chunks.push(new Array(1024 * 1024).fill(chunks.length));")]
    [InlineData("var s = 'x'; for (var i = 0; i < 30; i++) s = s + s; return [{ event: { s: s } }];")]
    public async Task A_gigabyte_allocation_is_stopped_by_the_memory_limit(string body)
    {
        var cycle = await RunParse(body);
        Assert.Equal("hook parseResponse in script_inline stopped: it allocated more than 64 MB (global.hooks.memory_limit_mb)", cycle.Error);
    }

    // Jint checks the limit before each statement, so what the hook's last one built (the returned
    // value) and its serialization went unchecked: a 200 MB event was written under a 64 MB limit,
    // the process peaking near 2 GB.
    [Fact]
    public async Task A_value_built_in_the_return_statement_is_stopped_by_the_memory_limit()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        var script = "var y = 'y'.repeat(100); var s = 'x'.repeat(1000000);\nfunction parseResponse(ctx, response) {\nreturn [{ event: { s: s.replace(/x/g, y) } }];\n}";
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", script, api, Roomy);
        var cycle = await harness.RunCycleAsync();
        Assert.Equal("hook parseResponse in script_inline stopped: it allocated more than 64 MB (global.hooks.memory_limit_mb)", cycle.Error);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task A_gigabyte_array_in_one_call_is_stopped_by_the_memory_limit()
    {
        var cycle = await RunParse("var a = new Array(1024 * 1024 * 1024).fill(0); return [];");
        Assert.Equal("hook parseResponse in script_inline stopped: it allocated more than 64 MB (global.hooks.memory_limit_mb)", cycle.Error);
    }

    [Theory]
    [InlineData("return System.IO.File.ReadAllText('/etc/passwd');", "System is not defined")]
    [InlineData("return importNamespace('System.IO');", "importNamespace is not defined")]
    [InlineData("return require('fs').readFileSync('/etc/passwd');", "require is not defined")]
    [InlineData("return __helrFetch('http://127.0.0.1/', '{}');", "__helrFetch is not defined")]
    [InlineData("return console.log.constructor.constructor('return this')().clrHelper.getType();", "Cannot read property 'getType' of undefined")]
    public async Task The_clr_require_and_the_file_system_are_out_of_reach(string body, string error)
    {
        var cycle = await RunParse(body);
        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook parseResponse in script_inline failed: ", cycle.Error);
        Assert.Contains(error, cycle.Error);
    }

    [Fact]
    public async Task Dynamic_import_of_a_file_fails()
    {
        var cycle = await RunParse("return import('/etc/passwd');");
        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook parseResponse in script_inline failed: ", cycle.Error);
    }

    [Fact]
    public async Task Console_is_forwarded_to_the_log_with_its_level()
    {
        var cycle = await RunParse("console.log('hello', { n: 1 }); console.warn('careful'); console.error('bad'); return [];");
        Assert.Null(cycle.Error);
        // The harness renders each template value quoted.
        Assert.Contains("INFORMATION hook console.\"info\" (\"script_inline\" \"parseResponse\"): \"hello {\\\"n\\\":1}\"", cycle.Log);
        Assert.Contains("WARNING hook console.\"warn\" (\"script_inline\" \"parseResponse\"): \"careful\"", cycle.Log);
        Assert.Contains("WARNING hook console.\"error\" (\"script_inline\" \"parseResponse\"): \"bad\"", cycle.Log);
    }

    [Fact]
    public async Task Globals_do_not_persist_from_one_call_to_the_next()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            var calls = (typeof calls === 'number' ? calls : 0) + 1;
            function parseResponse(ctx, r) { globalThis.leak = 'x'; return [{ event: { calls: calls } }]; }
            function commitState(ctx, events) { return { leaked: String(typeof leak), calls: String(calls) }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("undefined", cycle.State["leaked"]);
        Assert.Equal("1", cycle.State["calls"]);
    }
}
