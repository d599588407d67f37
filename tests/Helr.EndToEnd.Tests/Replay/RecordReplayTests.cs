using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

public sealed class RecordReplayTests
{
    [Fact]
    public async Task A_recording_replays_without_the_api_and_its_secrets_to_the_same_output_and_stores_nothing()
    {
        using var live = new TempDir();
        using var offline = new TempDir();
        var recording = live.File("rec");
        string liveConfig, offlineConfig;
        HelrResult recorded;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            RecordingApi.Serve(api);
            liveConfig = live.Write("helr.yaml", RecordingApi.Config(api, live));
            offlineConfig = offline.Write("helr.yaml", RecordingApi.Config(api, offline));
            recorded = await HelrProcess.RunAsync($"run --once -c {liveConfig} --record-dir {recording}", live.Path, env: RecordingApi.Env);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
            Assert.Equal(2, api.Requests.Count(r => r.Path == "/search"));
        }

        // The API is gone and none of the credentials are set.
        var replayed = await HelrProcess.RunAsync($"run --once -c {offlineConfig} --replay-dir {recording}", offline.Path);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());

        var expected = BySource(recorded.Stdout);
        Assert.Equal(new[] { "cursor", "links", "oauth", "post" }, expected.Keys.Order());
        Assert.Equal(6, expected["links"].Count);
        Assert.Equal(2, expected["post"].Count);
        var actual = BySource(replayed.Stdout);
        foreach (var (source, lines) in expected) Assert.Equal(lines, actual[source]);
        // What the replay reached stays in memory: its config's store is read, never written (ReplayStateTests).
        Assert.Equal("{}\n", (await HelrProcess.RunAsync($"state export -c {offlineConfig}")).Stdout);
    }

    [Fact]
    public async Task A_recording_holds_every_request_in_order_and_no_secret()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        RecordingApi.Serve(api);
        var config = dir.Write("helr.yaml", RecordingApi.Config(api, dir));
        var result = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path, env: RecordingApi.Env);
        Assert.True(result.ExitCode == 0, result.ToString());

        var files = Directory.EnumerateFiles(recording, "*.json", SearchOption.AllDirectories).ToList();
        Assert.Equal(3 + 2 + 2 + 2, files.Count);
        foreach (var file in files)
        {
            var text = RecordingText.Of(file);
            foreach (var secret in RecordingApi.Secrets) Assert.DoesNotContain(secret, text);
        }
        var post = Json(recording, "post", "001.json");
        Assert.Equal("POST", post.GetProperty("method").GetString());
        Assert.Contains("\"page\":\"p2\"", post.GetProperty("request_body").GetString());
        Assert.Equal("p2", post.GetProperty("body").GetProperty("results")[0].GetProperty("id").GetString());
        Assert.Equal("[REDACTED]", post.GetProperty("request_headers").GetProperty("authorization").GetString());
        var token = Json(recording, "oauth", "000.json");
        Assert.True(token.GetProperty("token_response").GetBoolean());
        Assert.Equal("[REDACTED]", token.GetProperty("body").GetProperty("access_token").GetString());
        Assert.Equal(3600, token.GetProperty("body").GetProperty("expires_in").GetInt32());
        Assert.Contains("client_secret=%5BREDACTED%5D", token.GetProperty("request_body").GetString());
        Assert.Equal(api.Url("/oauth/token"), token.GetProperty("request_url").GetString());
        var cursor = Json(recording, "cursor", "000.json");
        Assert.Equal("[REDACTED]", cursor.GetProperty("body").GetProperty("debug").GetProperty("key_seen").GetString());
        var link = Json(recording, "links", "000.json");
        Assert.Contains("/links?page=1", link.GetProperty("headers").GetProperty("link").GetString());
        Assert.Equal(200, link.GetProperty("status").GetInt32());
        // Upstream's own field: the raw body, which is what replay serves.
        var raw = Convert.FromBase64String(link.GetProperty("body_base64").GetString()!);
        Assert.StartsWith("[{\"id\":\"l0a\"", System.Text.Encoding.UTF8.GetString(raw));
    }

    [Fact]
    public async Task A_key_in_the_url_query_is_not_needed_to_replay()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        var env = new Dictionary<string, string?> { ["RR_URL_KEY"] = "url-K3y-hhhh7777" };
        HelrResult recorded;
        string config;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            api.OnGet("/logs", r => r.Param("token") == env["RR_URL_KEY"] ? FakeResponse.Json("""[{"id":"u1"}]""") : FakeResponse.Json("[]", 401));
            config = dir.Write("helr.yaml", $$"""
                sources:
                  keyed:
                    url: {{api.Url("/logs")}}?token=${RR_URL_KEY}&limit=5
                """);
            recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path, env: env);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }

        // Not set on the machine that replays it, as every other credential.
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path, env: new Dictionary<string, string?> { ["RR_URL_KEY"] = null });

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(recorded.Lines.EventField("id"), replayed.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_secret_echoed_in_a_body_that_is_not_valid_utf8_is_not_recorded()
    {
        // A Latin-1 page (what on_invalid_utf8 exists for) can quote a credential as well as a UTF-8 one.
        const string Token = "latin1-T0ken-kkkk9999";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        var body = System.Text.Encoding.Latin1.GetBytes($$$"""[{"id":"e1","actor":"José","debug":{"auth_seen":"Bearer {{{Token}}}"}}]""");
        api.OnGet("/logs", r => r.Header("Authorization") == "Bearer " + Token ? FakeResponse.Raw(body) : FakeResponse.Json("[]", 401));
        var config = dir.Write("helr.yaml", $$"""
            sources:
              latin:
                url: {{api.Url("/logs")}}
                on_invalid_utf8: replace
                auth:
                  type: bearer
                  token_env: RR_LATIN_TOKEN
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path,
            env: new Dictionary<string, string?> { ["RR_LATIN_TOKEN"] = Token });
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "e1" }, recorded.Lines.EventField("id"));

        var stored = Convert.FromBase64String(Json(recording, "latin", "000.json").GetProperty("body_base64").GetString()!);
        Assert.DoesNotContain(Token, System.Text.Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        // The rest of the page is kept byte for byte: its invalid bytes are what the recording is for.
        Assert.Contains("\"actor\":\"José\"", System.Text.Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_variable_under_a_parameter_name_that_says_nothing_is_not_recorded()
    {
        // The variable's name says secret (as for config errors, ExpandedSecrets); the parameter's does not.
        const string Secret = "acc-9Qe4TzW2hh";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("access") == Secret && r.Param("sig2") == Secret
            ? FakeResponse.Json("""[{"id":"a1"}]""")
            : FakeResponse.Json("[]", 401));
        var config = dir.Write("helr.yaml", $$"""
            sources:
              keyed:
                url: {{api.Url("/logs")}}?access=${RR_API_SECRET}
                query_params:
                  sig2: ${RR_API_SECRET}
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path,
            env: new Dictionary<string, string?> { ["RR_API_SECRET"] = Secret });
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "a1" }, recorded.Lines.EventField("id"));
        var files = Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.DoesNotContain(Secret, RecordingText.Of(file), StringComparison.Ordinal);
    }

    // The secrets to cut from recordings came from a second read of the config file after it was loaded:
    // a config given through a pipe (-c /dev/stdin, -c <(sops -d helr.yaml)) read as empty the second
    // time, and an edit saved in between gave the secrets of another file, so the running config's were
    // recorded as they are. They now come from the text the config was loaded from.
    [Fact]
    public async Task A_config_read_from_a_pipe_still_keeps_its_secrets_out_of_the_recording()
    {
        const string Secret = "acc-3Rf8WqZ1pp";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("sig2") == Secret ? FakeResponse.Json("""[{"id":"a1"}]""") : FakeResponse.Json("[]", 401));
        var config = $$"""
            sources:
              keyed:
                url: {{api.Url("/logs")}}
                query_params:
                  sig2: ${RR_API_SECRET}
            """;
        var recorded = await HelrProcess.RunAsync($"run --once -c /dev/stdin --record-dir {recording}", dir.Path, stdin: config,
            env: new Dictionary<string, string?> { ["RR_API_SECRET"] = Secret });
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "a1" }, recorded.Lines.EventField("id"));
        var files = Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.DoesNotContain(Secret, RecordingText.Of(file), StringComparison.Ordinal);
    }

    // A replay learnt which variables may stand in by reading the config file itself, before the loader
    // read it: a config given through a pipe (-c /dev/stdin) was drained by that first read, so the
    // loader found an empty file. The replay now learns from the text the loader reads.
    [Fact]
    public async Task A_config_read_from_a_pipe_replays_without_its_secret()
    {
        const string Secret = "pipe-Tok3n-qq88ZZ";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        string config;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            api.OnGet("/logs", r => r.Header("Authorization") == "Bearer " + Secret ? FakeResponse.Json("""[{"id":"p1"}]""") : FakeResponse.Json("[]", 401));
            config = $$"""
                sources:
                  piped:
                    url: {{api.Url("/logs")}}
                    auth:
                      type: bearer
                      token_env: RR_PIPE_TOKEN
                """;
            var recorded = await HelrProcess.RunAsync($"run --once -c /dev/stdin --record-dir {recording}", dir.Path, stdin: config,
                env: new Dictionary<string, string?> { ["RR_PIPE_TOKEN"] = Secret });
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }

        var replayed = await HelrProcess.RunAsync($"run --once -c /dev/stdin --replay-dir {recording}", dir.Path, stdin: config,
            env: new Dictionary<string, string?> { ["RR_PIPE_TOKEN"] = null });

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "p1" }, replayed.Lines.EventField("id"));
    }

    // The secrets cut from recordings were read once, from the config the run started with: a secret
    // that a reloaded file named (here under a query parameter whose name says nothing) was recorded
    // in every request URL after the reload. A reload's config now adds its secrets.
    [Fact]
    public async Task A_secret_that_a_reloaded_config_names_is_not_recorded()
    {
        const string Secret = "acc-9Tq2Lm7Vv0x";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json(r.Param("sig2") == Secret ? """[{"id":"after"}]""" : """[{"id":"before"}]"""));
        var config = $$"""
            global:
              state: { backend: memory }
            sources:
              keyed:
                url: {{api.Url("/logs")}}
                schedule: { interval_secs: 3600 }
            """;
        var path = dir.Write("helr.yaml", config);
        await using var helr = HelrProcess.Start($"run -c {path} --record-dir {recording}", dir.Path,
            new Dictionary<string, string?> { ["RR_API_SECRET"] = Secret });
        await helr.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        dir.Write("helr.yaml", config + "\n    query_params:\n      sig2: ${RR_API_SECRET}\n");
        helr.Signal("HUP");
        await helr.WaitForStderrAsync("config reloaded (SIGHUP)", TimeSpan.FromSeconds(30));
        await helr.WaitForLinesAsync(2, TimeSpan.FromSeconds(60));

        Assert.Equal(new[] { "before", "after" }, Eventually.EventIds(helr.Stdout));
        var files = Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 2, string.Join(", ", files));
        foreach (var file in files) Assert.DoesNotContain(Secret, RecordingText.Of(file), StringComparison.Ordinal);
    }

    // Common names the list of secret variable names missed (PAT: a personal access token, which the
    // generic plugin's hooks already hid): the recording held the value as it is.
    [Theory]
    [InlineData("RR_DB_PASS")]
    [InlineData("RR_GPG_PASSPHRASE")]
    [InlineData("RR_SENTRY_DSN")]
    [InlineData("RR_GITHUB_PAT")]
    [InlineData("RR_PAT_ADO")]
    public async Task A_variable_named_pass_passphrase_dsn_or_pat_is_not_recorded(string variable)
    {
        const string Secret = "pw-7Kd2Qx9Lm4";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("access") == Secret ? FakeResponse.Json("""[{"id":"p1"}]""") : FakeResponse.Json("[]", 401));
        var config = dir.Write("helr.yaml", $$"""
            sources:
              keyed:
                url: {{api.Url("/logs")}}?access=${{{variable}}}
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path,
            env: new Dictionary<string, string?> { [variable] = Secret });
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "p1" }, recorded.Lines.EventField("id"));
        var files = Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.DoesNotContain(Secret, RecordingText.Of(file), StringComparison.Ordinal);
    }

    // Query parameter names the config view and state views already took for credentials: the
    // recording kept their values as written in the url.
    [Theory]
    [InlineData("credential")]
    [InlineData("passwd")]
    [InlineData("passphrase")]
    [InlineData("pwd")]
    [InlineData("pat")]
    [InlineData("hmac_sig")]
    public async Task A_query_parameter_named_like_a_credential_is_not_recorded(string parameter)
    {
        const string Secret = "qp-3Vn8Tc5Jy1";
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param(parameter) == Secret ? FakeResponse.Json("""[{"id":"q1"}]""") : FakeResponse.Json("[]", 401));
        var config = dir.Write("helr.yaml", $"""
            sources:
              keyed:
                url: {api.Url("/logs")}?{parameter}={Secret}
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "q1" }, recorded.Lines.EventField("id"));
        var files = Directory.EnumerateFiles(recording, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.DoesNotContain(Secret, RecordingText.Of(file), StringComparison.Ordinal);
    }

    // A switch whose key names a credential (global.audit.log_credential_access, auth.dpop) is no
    // secret: its "true" was cut from every recorded body, leaving JSON a replay cannot read.
    [Fact]
    public async Task A_boolean_under_a_credential_named_key_is_not_taken_for_a_secret()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"b1","active":true}]"""));
        var config = dir.Write("helr.yaml", $"""
            global:
              audit:
                log_credential_access: true
            sources:
              flags:
                url: {api.Url("/logs")}
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.True(replayed.Lines.Single().GetProperty("event").GetProperty("active").GetBoolean());
    }

    // Helr's own keys that say key or auth name a place, not a credential (state.state_key, oauth2's
    // client_auth): their value, a field name, was cut from every recorded body.
    [Fact]
    public async Task The_value_of_state_key_is_not_taken_for_a_secret()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"w1","published":"2024-01-01T00:00:00Z"}]"""));
        var config = dir.Write("helr.yaml", $"""
            sources:
              marked:
                url: {api.Url("/logs")}
                state:
                  watermark_field: published
                  watermark_param: since
                  state_key: published
            """);
        var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "2024-01-01T00:00:00Z" }, replayed.Lines.EventField("published"));
    }

    [Fact]
    public async Task Tls_files_of_the_recording_machine_are_not_needed_to_replay()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        Directory.CreateDirectory(Path.Combine(recording, "private"));
        File.WriteAllText(Path.Combine(recording, "private", "000.json"),
            """{"url":"https://logs.internal.example/v1","status":200,"headers":{"content-type":"application/json"},"body":[{"id":"t1"}]}""");
        // A private CA and a client certificate that only the collecting machine has: replay never connects.
        var config = dir.Write("helr.yaml", $"""
            sources:
              private:
                url: https://logs.internal.example/v1
                resilience:
                  tls:
                    ca_file: {dir.File("absent/ca.pem")}
                    client_cert_file: {dir.File("absent/client.pem")}
                    client_key_file: {dir.File("absent/client.key")}
            """);

        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "t1" }, replayed.Lines.EventField("id"));
    }

    [Fact]
    public async Task Sources_whose_ids_clean_to_one_folder_name_keep_their_recordings_apart()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        string config;
        HelrResult recorded;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            // Two tenants of one API: the same URL, told apart by a header only.
            api.OnGet("/logs", r => FakeResponse.Json(r.Header("X-Tenant") == "slash" ? """[{"id":"s-1"}]""" : """[{"id":"u-1"}]"""));
            config = dir.Write("helr.yaml", $"""
                sources:
                  team/a:
                    url: {api.Url("/logs")}
                    headers:
                      X-Tenant: slash
                  team_a:
                    url: {api.Url("/logs")}
                    headers:
                      X-Tenant: underscore
                """);
            recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }

        foreach (var (source, id, other) in new[] { ("team/a", "s-1", "u-1"), ("team_a", "u-1", "s-1") })
        {
            var fixture = dir.File($"{id}.json");
            var convert = await HelrProcess.RunAsync($"replay to-fixture {recording} --source {source} --out {fixture}", dir.Path);
            Assert.True(convert.ExitCode == 0, convert.ToString());
            Assert.Contains($"1 recorded response(s) of source \"{source}\"", convert.Stderr);
            Assert.Contains(id, File.ReadAllText(fixture));
            Assert.DoesNotContain(other, File.ReadAllText(fixture));
        }
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        // The events carry no timestamp, so their ts (the collection time) differs: their ids must not.
        static string Id(string line) => JsonDocument.Parse(line).RootElement.GetProperty("event").GetProperty("id").GetString()!;
        var ids = BySource(replayed.Stdout).ToDictionary(s => s.Key, s => s.Value.Select(Id).ToList());
        Assert.Equal(new[] { "s-1" }, ids["team/a"]);
        Assert.Equal(new[] { "u-1" }, ids["team_a"]);
    }

    [Fact]
    public async Task Sources_whose_ids_differ_only_in_case_get_folders_a_case_insensitive_file_system_keeps_apart()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        string config;
        await using (var api = await FakeVendorServer.StartAsync())
        {
            api.OnGet("/logs", r => FakeResponse.Json(r.Header("X-Tenant") == "upper" ? """[{"id":"o-1"}]""" : """[{"id":"o-2"}]"""));
            config = dir.Write("helr.yaml", $"""
                sources:
                  Okta:
                    url: {api.Url("/logs")}
                    headers:
                      X-Tenant: upper
                  okta:
                    url: {api.Url("/logs")}
                    headers:
                      X-Tenant: lower
                """);
            var recorded = await HelrProcess.RunAsync($"run --once -c {config} --record-dir {recording}", dir.Path);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }

        // macOS and Windows would make two folders spelt alike but for case one.
        var folders = Directory.GetDirectories(recording).Select(Path.GetFileName).ToList();
        Assert.Equal(2, folders.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {recording}", dir.Path);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        static string Id(string line) => JsonDocument.Parse(line).RootElement.GetProperty("event").GetProperty("id").GetString()!;
        var ids = BySource(replayed.Stdout).ToDictionary(s => s.Key, s => s.Value.Select(Id).ToList());
        Assert.Equal(new[] { "o-1" }, ids["Okta"]);
        Assert.Equal(new[] { "o-2" }, ids["okta"]);
    }

    internal static JsonElement Json(string recording, string source, string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(recording, source, file))).RootElement.Clone();

    /// <summary>The output lines of each source, as written (sources run concurrently, so only their own order counts).</summary>
    internal static Dictionary<string, List<string>> BySource(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(line => JsonDocument.Parse(line).RootElement.GetProperty("source").GetString()!)
            .ToDictionary(g => g.Key, g => g.ToList());
}
