using Helr.EndToEnd.Tests.Hooks;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

/// <summary>Recording a hooks source: its script's credentials come from the environment, which the config does not name.</summary>
public sealed class HookRecordingTests
{
    [Fact]
    public async Task Recording_the_hooks_example_keeps_neither_the_token_it_logs_in_with_nor_the_session()
    {
        await using var server = await FakeVendorServer.StartAsync();
        GraphqlFakeApi.Start(server, events: 3);
        using var dir = new TempDir();
        var config = AndromedaHookTests.ExampleConfig(dir, server);
        var recording = dir.File("rec");

        var run = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path, env: AndromedaHookTests.Env(server));

        Assert.True(run.ExitCode == 0, run.ToString());
        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var text = RecordingText.Of(file);
            Assert.DoesNotContain(GraphqlFakeApi.Token, text);
            Assert.DoesNotContain("s-42", text);
        }
        var login = RecordReplayTests.Json(recording, "andromeda-audit", "000.json");
        Assert.Equal("{\"code\":\"[REDACTED]\"}", login.GetProperty("request_body").GetString());
    }

    [Fact]
    public async Task A_token_a_hook_logs_in_for_is_cut_from_the_login_answer_recorded_before_it_was_sent()
    {
        // The login answer is recorded before the token goes out in a header, the first sign that it is one.
        const string token = "hook-sess-T0ken-7788";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/login", _ => FakeResponse.Json($$"""{"token":"{{token}}","user":"alice"}"""));
        api.OnGet("/events", r => r.Header("Authorization") == "Bearer " + token
            ? FakeResponse.Json("""[{"id":"e1"}]""")
            : FakeResponse.Json("""{"error":"unauthorized"}""", 401));
        using var dir = new TempDir();
        var (run, recording) = await RecordScriptedAsync(api, dir, "var j = await r.json(); return { headers: { Authorization: 'Bearer ' + j.token } };");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Lines);
        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files) Assert.DoesNotContain(token, RecordingText.Of(file));
        var login = RecordReplayTests.Json(recording, "scripted", "000.json");
        Assert.Equal("alice", login.GetProperty("body").GetProperty("user").GetString());
    }

    [Fact]
    public async Task A_session_cookie_is_cut_where_the_login_answer_repeats_its_value()
    {
        const string session = "c00kie-Sess10n-9911";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/login", _ => FakeResponse.Json($$"""{"sid":"{{session}}"}""").WithHeader("Set-Cookie", $"sid={session}; Path=/; HttpOnly"));
        api.OnGet("/events", r => r.Header("Cookie") == "sid=" + session
            ? FakeResponse.Json("""[{"id":"e1"}]""")
            : FakeResponse.Json("""{"error":"unauthorized"}""", 401));
        using var dir = new TempDir();
        var (run, recording) = await RecordScriptedAsync(api, dir, "return { cookie: r.headers.get('set-cookie').split(';')[0] };");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Lines);
        foreach (var file in Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories))
            Assert.DoesNotContain(session, RecordingText.Of(file));
    }

    [Fact]
    public async Task A_session_a_hook_sends_in_the_request_body_is_cut_from_the_login_answer_recorded_before_it_was_sent()
    {
        // JSON-RPC APIs (Zabbix's user.login) answer the session as a plain "result" and take it back in
        // each request's body ("auth"): that body field is the first sign the value is a secret.
        const string session = "0424bd59b807674191e7d775";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/login", _ => FakeResponse.Json($$"""{"jsonrpc":"2.0","result":"{{session}}","id":1}"""));
        api.OnPost("/events", r => r.Body.Contains(session, StringComparison.Ordinal)
            ? FakeResponse.Json("""[{"id":"e1"}]""")
            : FakeResponse.Json("""{"error":"unauthorized"}""", 401));
        using var dir = new TempDir();
        var (run, recording) = await RecordScriptedAsync(api, dir, "var j = await r.json(); return { body: { auth: j.result } };", method: "post");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Lines);
        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files) Assert.DoesNotContain(session, RecordingText.Of(file));
    }

    [Theory]
    [InlineData("return { headers: { 'X-Sid': j.sid } };", "get")]
    [InlineData("return { query: { sid: j.sid } };", "get")]
    [InlineData("return { body: { sid: j.sid } };", "post")]
    public async Task A_session_getAuth_returns_under_a_name_that_says_nothing_is_kept_nowhere(string afterLogin, string method)
    {
        // Whatever getAuth returns is there to authenticate, whatever its name: the recording holds it
        // neither where it is sent (a header, the query) nor in the login answer it came from.
        const string session = "5e55-10n-1d-4242-abcd";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/login", _ => FakeResponse.Json($$"""{"sid":"{{session}}","user":"alice"}"""));
        FakeResponse Events(RecordedRequest r) => r.Header("X-Sid") == session || r.Param("sid") == session || r.Body.Contains(session, StringComparison.Ordinal)
            ? FakeResponse.Json("""[{"id":"e1"}]""")
            : FakeResponse.Json("""{"error":"unauthorized"}""", 401);
        api.OnGet("/events", Events);
        api.OnPost("/events", Events);
        using var dir = new TempDir();
        var (run, recording) = await RecordScriptedAsync(api, dir, "var j = await r.json(); " + afterLogin, method);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Lines);
        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files) Assert.DoesNotContain(session, RecordingText.Of(file));
    }

    // One run --once of a source whose getAuth logs in at /login (its answer in r), then ends with afterLogin.
    private static async Task<(HelrResult Run, string Recording)> RecordScriptedAsync(FakeVendorServer api, TempDir dir, string afterLogin, string method = "get")
    {
        var config = dir.Write("helr.yaml", $$"""
            {{dir.SqliteStateGlobal}}
              hooks:
                enabled: true
                allow_network: true
            sources:
              scripted:
                url: {{api.Url("/events")}}
                method: {{method}}
                hooks:
                  script_inline: "async function getAuth(ctx) { var r = await fetch('{{api.Url("/login")}}', { method: 'POST', body: '{}' }); {{afterLogin}} }"
            """);
        var recording = dir.File("rec");
        return (await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path), recording);
    }
}
