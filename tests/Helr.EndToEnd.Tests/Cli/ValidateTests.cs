using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary><c>helr validate</c>: each class of mistake exits 1 and names the key path and the fix.</summary>
public sealed class ValidateTests
{
    // Variables the cases rely on being unset (or, E2E_BLANK_TOKEN, set to blanks).
    private static readonly Dictionary<string, string?> Unset = new()
    {
        ["E2E_UNSET_OKTA_DOMAIN"] = null,
        ["E2E_MISSING_TOKEN"] = null,
        ["E2E_MISSING_KEY"] = null,
        ["E2E_BLANK_TOKEN"] = "  ",
    };

    private static async Task<HelrResult> ValidateAsync(string yaml)
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", yaml);
        return await HelrProcess.RunAsync($"validate -c {config}", dir.Path, env: Unset);
    }

    private static void AssertInvalid(HelrResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("config invalid", result.Stderr);
        foreach (var text in expected) Assert.Contains(text, result.Stderr);
    }

    [Fact]
    public async Task A_valid_config_passes()
    {
        var result = await ValidateAsync("""
            sources:
              s1:
                url: https://example.com/logs
                pagination:
                  strategy: link_header
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config valid", result.Stderr);
    }

    [Fact]
    public async Task A_key_not_supported_yet_is_a_warning_from_validate_and_from_run()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              output:
                nats:
                  subject: helr.events
            sources:
              s1:
                url: {api.Url("/logs")}
            """);
        var validate = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("warning: global.output.nats: not supported yet", validate.Stderr);

        // A collector that ignores part of its config says so where operators look: its log.
        var run = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Contains("WARN config: global.output.nats: not supported yet", run.Stderr);
    }

    /// <summary>One mistake per class: (name, config, what stderr must say).</summary>
    public static TheoryData<string, string, string> Mistakes() => new()
    {
        {
            "unknown key", "sources:\n  s1:\n    url: https://example.com/logs\n    paginaton:\n      strategy: link_header\n",
            "sources.s1.paginaton: unknown key; did you mean 'pagination'?"
        },
        {
            "unknown nested key", "sources:\n  s1:\n    url: https://example.com/logs\n    pagination:\n      strategy: link_header\n      max_page: 5\n",
            "sources.s1.pagination.max_page: unknown key; did you mean 'max_pages'?"
        },
        {
            "wrong type (list for map)", "sources:\n  s1:\n    url: https://example.com/logs\n    headers: [Accept, X-Trace]\n",
            "sources.s1.headers: expected a map of keys, found a list"
        },
        {
            "wrong type (text for number)", "sources:\n  s1:\n    url: https://example.com/logs\n    pagination:\n      strategy: link_header\n      max_pages: lots\n",
            "sources.s1.pagination.max_pages: expected a whole number, found 'lots'"
        },
        {
            "out of range (minimum)", "sources:\n  s1:\n    url: https://example.com/logs\n    schedule:\n      interval_secs: -1\n",
            "sources.s1.schedule.interval_secs: must be at least 0, found -1"
        },
        {
            "out of range (between)", "sources:\n  s1:\n    url: https://example.com/logs\n    resilience:\n      retries:\n        max_attempts: 101\n",
            "sources.s1.resilience.retries.max_attempts: must be between 0 and 100, found 101"
        },
        {
            "a zero that would collect nothing", "sources:\n  s1:\n    url: https://example.com/logs\n    pagination:\n      strategy: link_header\n      max_pages: 0\n",
            "sources.s1.pagination.max_pages: must be at least 1, found 0: 0 is not unlimited, it would fetch no page"
        },
        {
            "bad enum value", "sources:\n  s1:\n    url: https://example.com/logs\n    pagination:\n      strategy: cursr\n",
            "sources.s1.pagination.strategy: 'cursr' is not one of: link_header, cursor, page_offset, offset; did you mean 'cursor'?"
        },
        {
            "a list as a key", "sources:\n  ? [okta, gh]\n  : url: https://example.com/logs\n",
            "sources: a key must be text, found a list (line 2)"
        },
        { "missing url", "sources:\n  s1:\n    method: get\n", "sources.s1.url: required" },
        {
            "missing pagination key", "sources:\n  s1:\n    url: https://example.com/logs\n    pagination:\n      strategy: cursor\n      cursor_param: cursor\n",
            "sources.s1.pagination.cursor_path: required"
        },
        {
            "unset variable", "sources:\n  okta:\n    url: https://${E2E_UNSET_OKTA_DOMAIN}/api/v1/logs\n",
            "sources.okta.url: environment variable E2E_UNSET_OKTA_DOMAIN is not set"
        },
        {
            "unknown source type", "sources:\n  s1:\n    type: genric\n    url: https://example.com/logs\n",
            "sources.s1.type: unknown source type 'genric' (available: generic, " // then the vendor plugins beside helr
        },
        { "no sources", "global:\n  log_level: info\n", "sources: required" },
        {
            "api address run cannot bind", "global:\n  api:\n    enabled: true\n    address: helr.internal\nsources:\n  s1:\n    url: https://example.com/logs\n",
            "global.api.address: 'helr.internal' is not an IP address or localhost"
        },
        {
            "metrics address run cannot bind", "global:\n  metrics:\n    enabled: true\n    address: metrics-host\nsources:\n  s1:\n    url: https://example.com/logs\n",
            "global.metrics.address: 'metrics-host' is not an IP address or localhost"
        },
        {
            "missing secret env var", "sources:\n  s1:\n    url: https://example.com/logs\n    auth:\n      type: bearer\n      token_env: E2E_MISSING_TOKEN\n",
            "sources.s1.auth.token_env: environment variable E2E_MISSING_TOKEN is not set"
        },
        {
            "secret env var set but blank (every cycle would get a 401)", "sources:\n  s1:\n    url: https://example.com/logs\n    auth:\n      type: bearer\n      token_env: E2E_BLANK_TOKEN\n",
            "sources.s1.auth.token_env: environment variable E2E_BLANK_TOKEN is empty"
        },
        {
            "missing secret file", "sources:\n  s1:\n    url: https://example.com/logs\n    auth:\n      type: basic\n      user_file: /nonexistent/helr-e2e/user\n",
            "sources.s1.auth.user_file: cannot read secret file \"/nonexistent/helr-e2e/user\""
        },
        {
            "unsupported auth type", "sources:\n  s1:\n    url: https://example.com/logs\n    auth:\n      type: oauth3\n",
            "sources.s1.auth.type: 'oauth3' is not one of: bearer, api_key, basic"
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_exits_1_and_names_the_key_path(string mistake, string yaml, string expected)
    {
        var result = await ValidateAsync(yaml);
        Assert.True(result.ExitCode == 1, $"{mistake}: {result}");
        Assert.Contains("config invalid", result.Stderr);
        Assert.Contains(expected, result.Stderr);
    }

    // The Debian package's /etc/helr/helr.yaml has every source commented out: it must validate, and
    // the service must refuse to run it rather than idle without a word.
    [Fact]
    public async Task Empty_sources_validate_with_a_warning_but_run_refuses()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", "sources: {}\n");
        var validate = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("sources: no source is configured", validate.Stderr);
        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no source is configured", run.Stderr);
    }

    [Fact]
    public async Task A_default_makes_an_unset_variable_fine()
    {
        var result = await ValidateAsync("""
            sources:
              okta:
                url: https://${E2E_UNSET_OKTA_DOMAIN:-example.okta.com}/api/v1/logs
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Invalid_yaml_gives_the_line()
    {
        var result = await ValidateAsync("sources:\n  s1:\n    url: https://example.com\n    pagination:\n      strategy: link_header\n     max_pages: 2\n");
        AssertInvalid(result, "line 6, column 6: invalid YAML");
    }

    [Fact]
    public async Task An_unclosed_flow_map_is_reported_not_thrown()
    {
        // YamlDotNet throws InvalidOperationException here rather than a YamlException.
        var result = await ValidateAsync("sources:\n  s1:\n    url: https://example.com/logs\n    headers: {Accept: json\n  s2: x\n");
        AssertInvalid(result, "line 4: invalid YAML");
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    [Fact]
    public async Task A_missing_config_file_is_an_error()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"validate -c {dir.File("nope.yaml")}", dir.Path);
        AssertInvalid(result, "cannot read config file", "nope.yaml");
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var result = await ValidateAsync("""
            global:
              log_levl: debug
              state:
                backend: sqlit
            sources:
              a:
                url: not-a-url
                pagination:
                  strategy: page_offset
                  page_param: page
                  limit_param: size
              b:
                type: nosuch
              c:
                url: https://example.com/logs
                checkpoint: always
                auth:
                  type: api_key
                  key_env: E2E_MISSING_KEY
            """);
        AssertInvalid(result,
            "global.log_levl: unknown key; did you mean 'log_level'?",
            "global.state.backend: 'sqlit' is not one of: memory, sqlite, redis, postgres; did you mean 'sqlite'?",
            "sources.a.url: 'not-a-url' is not an absolute http:// or https:// URL",
            "sources.a.pagination.limit: required",
            "sources.b.type: unknown source type 'nosuch'",
            "sources.c.checkpoint: 'always' is not one of: per_page, end_of_tick",
            "sources.c.auth.header: required",
            "sources.c.auth.key_env: environment variable E2E_MISSING_KEY is not set");
        Assert.Contains("8 problems", result.Stderr);
    }

    // Every reader walks the file with aliases expanded: an alias inside the node it names recursed
    // until the stack overflowed, which kills the process with no error at all.
    [Fact]
    public async Task An_alias_inside_the_node_it_names_is_an_error_not_a_crash()
    {
        var result = await ValidateAsync("""
            sources: &all
              s1:
                url: https://example.com/logs
                method: post
                body: *all
            """);
        AssertInvalid(result, "line 5, column", "invalid YAML: the alias *all is inside the node &all it names");
        Assert.DoesNotContain("Stack overflow", result.Stderr);
    }

    // Ten aliases of ten aliases of …: a few lines that expand to millions of nodes took minutes and
    // gigabytes to read. Five levels are enough to pass the limit.
    [Fact]
    public async Task Aliases_that_expand_past_the_limit_are_refused()
    {
        var result = await ValidateAsync("""
            sources:
              s1:
                url: https://example.com/logs
                method: post
                body:
                  a: &a [x, x, x, x, x, x, x, x, x, x]
                  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
                  e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            """);
        AssertInvalid(result, "line 10, column", "invalid YAML: aliases (*name) expand to more than 100,000 nodes");
    }

    [Fact]
    public async Task An_alias_reused_by_several_sources_is_fine()
    {
        var result = await ValidateAsync("""
            sources:
              s1:
                url: https://example.com/a
                headers: &headers
                  Accept: application/json
              s2:
                url: https://example.com/b
                headers: *headers
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    // Loading the YAML tree is recursive: tens of thousands of '[' overflowed the stack inside YamlDotNet.
    [Fact]
    public async Task Lists_nested_past_the_limit_are_an_error_not_a_crash()
    {
        var depth = 100_000;
        var result = await ValidateAsync($"sources:\n  s1:\n    url: https://example.com/logs\n    body: {new string('[', depth)}{new string(']', depth)}\n");
        AssertInvalid(result, "line 4, column", "invalid YAML: lists and maps are nested more than 100 levels deep");
        Assert.DoesNotContain("Stack overflow", result.Stderr);
    }

    // Upstream refuses a file of several documents; reading only the first dropped every source after
    // the '---' without a word.
    [Fact]
    public async Task A_second_yaml_document_is_an_error_not_ignored()
    {
        var result = await ValidateAsync("""
            sources:
              s1:
                url: https://example.com/a
            ---
            sources:
              s2:
                url: https://example.com/b
            """);
        AssertInvalid(result, "line 5: invalid YAML: the file holds more than one YAML document");
    }

    [Fact]
    public async Task Document_markers_around_the_one_document_are_fine()
    {
        var result = await ValidateAsync("---\nsources:\n  s1:\n    url: https://example.com/a\n...\n---\n# nothing more\n");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    // The keys inside a block of the wrong shape were each reported as unknown too, burying the one
    // real problem (and "unknown key" for url, which is the right key, misleads).
    [Theory]
    [InlineData("sources:\n  - url: https://example.com/logs\n    schedule: {interval_secs: 60}\n", "sources: expected a map of keys, found a list")]
    [InlineData("sources:\n  s1:\n    url: {href: https://example.com/logs}\n", "sources.s1.url: expected a string, found a map")]
    [InlineData("sources:\n  s1:\n    url: https://example.com/logs\n    query_params: {filter: {eq: x}}\n", "sources.s1.query_params.filter: expected a string value, found a map")]
    public async Task A_block_of_the_wrong_shape_is_one_problem_not_one_per_key_inside(string yaml, string expected)
    {
        var result = await ValidateAsync(yaml);
        AssertInvalid(result, expected, "1 problem");
        Assert.DoesNotContain("unknown key", result.Stderr);
    }

    // YamlDotNet raises this one without a position, which was shown as line 1, column 1 whatever the line.
    [Fact]
    public async Task A_tab_used_as_indentation_is_reported_at_its_line()
    {
        var result = await ValidateAsync("global:\n  log_level: info\nsources:\n  s1:\n    url: https://example.com/logs\n    schedule:\n    \t interval_secs: 5\n");
        AssertInvalid(result, "line 7, column 5: invalid YAML: While scanning a mapping, found invalid tab as indentation");
    }

    // -q is "only errors" (upstream: validate logs nothing but `config invalid`); `helr -q validate` still
    // printed "config valid: …" and every warning, so a script or cron job checking the config was never quiet.
    [Theory]
    [InlineData("-q validate")]
    [InlineData("validate --quiet")]
    public async Task Quiet_validate_prints_nothing_when_the_config_is_valid_and_the_errors_when_not(string args)
    {
        using var dir = new TempDir();
        // An upstream-style bare $NAME naming a set variable: a warning.
        var valid = dir.Write("valid.yaml", "sources:\n  s1:\n    url: https://example.com/logs\n    headers:\n      X-Note: $HOME\n");
        var invalid = dir.Write("invalid.yaml", "sources:\n  s1:\n    url: https://example.com/logs\n    shedule: {interval_secs: 5}\n");

        var ok = await HelrProcess.RunAsync($"{args} -c {valid}", dir.Path, env: Unset);
        var bad = await HelrProcess.RunAsync($"{args} -c {invalid}", dir.Path, env: Unset);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("", ok.Stderr);
        AssertInvalid(bad, "sources.s1.shedule");
    }
}
