using Helr.Kernel.Config;
using Helr.PluginSdk.Config;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

public sealed class YamlConfigReaderTests
{
    private readonly TestEnvironment _env = new();
    private readonly ConfigErrors _errors = new();

    [Fact]
    public void Builds_paths_and_keeps_quoting()
    {
        var root = YamlConfigReader.Read("sources:\n  s:\n    n: 5\n    q: \"5\"\n    list: [a, b]\n", _env, _errors)!;
        var s = root.Child("sources")!.Child("s")!;
        Assert.Equal("sources.s", s.Path);
        Assert.False(s.Child("n")!.IsQuoted);
        Assert.True(s.Child("q")!.IsQuoted);
        Assert.Equal("sources.s.list[1]", s.Child("list")!.Items[1].Path);
        Assert.Empty(_errors.All);
    }

    [Fact]
    public void Invalid_yaml_reports_the_line()
    {
        var root = YamlConfigReader.Read("sources:\n  s:\n    url: [unclosed\n", _env, _errors);
        Assert.Null(root);
        Assert.Contains("line", Assert.Single(_errors.All).Message);
    }

    [Fact]
    public void Unset_variable_is_an_error_at_its_key_path()
    {
        YamlConfigReader.Read("sources:\n  s:\n    url: https://${NOPE}/x\n", _env, _errors);
        var error = Assert.Single(_errors.All);
        Assert.Equal("sources.s.url", error.Path);
        Assert.Contains("NOPE", error.Message);
    }

    [Fact]
    public void Variables_in_comments_are_not_expanded()
    {
        YamlConfigReader.Read("# uses ${NOT_SET}\nsources: {}\n", _env, _errors);
        Assert.Empty(_errors.All);
    }

    [Fact]
    public void Empty_values_are_null()
    {
        var root = YamlConfigReader.Read("global:\nsources:\n  s: ~\n", _env, _errors)!;
        Assert.Null(root.Child("global"));
        Assert.Null(root.Child("sources")!.Child("s"));
    }

    [Fact]
    public void A_reference_stands_unquoted_in_a_flow_map_and_list_as_upstream()
    {
        _env.Variables["START"] = "2024-01-01";
        _env.Variables["SCOPE"] = "logs.read";
        var root = YamlConfigReader.Read(
            "sources:\n  s: { url: https://x/, query_params: { since: ${START}, limit: ${LIMIT:-100} }, scopes: [${SCOPE}, b], k: $${KEEP} }\n", _env, _errors);
        Assert.Empty(_errors.All);
        var s = root!.Child("sources")!.Child("s")!;
        Assert.Equal("2024-01-01", s.Child("query_params")!.Child("since")!.ScalarValue);
        var limit = s.Child("query_params")!.Child("limit")!;
        Assert.Equal("100", limit.ScalarValue);
        Assert.False(limit.IsQuoted);
        Assert.Equal(["logs.read", "b"], s.Child("scopes")!.Items.Select(i => i.ScalarValue));
        Assert.Equal("${KEEP}", s.Child("k")!.ScalarValue);
    }

    [Fact]
    public void A_flow_reference_that_is_not_set_is_reported_at_its_key_path()
    {
        YamlConfigReader.Read("sources:\n  s: { url: https://x/, headers: { X-Org: ${NOPE} } }\n", _env, _errors);
        var error = Assert.Single(_errors.All);
        Assert.Equal("sources.s.headers.X-Org", error.Path);
        Assert.Contains("NOPE", error.Message);
    }

    [Fact]
    public void The_file_as_written_keeps_flow_references_unexpanded()
    {
        var raw = RawConfig.Parse("sources:\n  s: { url: https://x/, query_params: { since: ${START} } }\n");
        Assert.Equal("${START}", raw["sources"]!["s"]!["query_params"]!["since"]!.GetValue<string>());
    }

    // The config endpoints show a plain number as the number helr runs with: 0x10 reads as 16 (NumberReader), as upstream.
    [Fact]
    public void The_file_as_written_shows_a_hexadecimal_octal_or_binary_integer_as_the_number_it_reads_as()
    {
        var raw = RawConfig.Parse("sources:\n  s: { url: https://x/, max_bytes: 0x100000, max_pages: 0o17, n: -0b101, q: \"0x10\", id: 0oa1b2 }\n");
        var s = raw["sources"]!["s"]!;
        Assert.Equal(1048576L, s["max_bytes"]!.GetValue<long>());
        Assert.Equal(15L, s["max_pages"]!.GetValue<long>());
        Assert.Equal(-5L, s["n"]!.GetValue<long>());
        Assert.Equal("0x10", s["q"]!.GetValue<string>());
        Assert.Equal("0oa1b2", s["id"]!.GetValue<string>());
    }

    // YAML 1.2's core schema has four spellings of null; the loader reads them all as no value, and the
    // config endpoints showed Null and NULL as that text.
    [Fact]
    public void The_file_as_written_shows_every_yaml_null_spelling_as_null_and_a_quoted_one_as_text()
    {
        var raw = RawConfig.Parse("sources:\n  s: { url: https://x/, a: ~, b: null, c: Null, d: NULL, e: , q: \"Null\" }\n");
        var s = raw["sources"]!["s"]!.AsObject();
        foreach (var key in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.True(s.ContainsKey(key), key);
            Assert.Null(s[key]);
        }
        Assert.Equal("Null", s["q"]!.GetValue<string>());
    }

    // The config endpoints find a source under the id it runs as; its values stay as written.
    [Fact]
    public void The_file_as_written_has_its_keys_expanded_as_the_loader_does()
    {
        var raw = RawConfig.Parse("sources:\n  ${HELR_TEST_UNSET_TENANT:-acme}-okta: { url: https://${HOST:-x}/ }\n");
        Assert.Equal("https://${HOST:-x}/", RawConfig.At(raw, "sources", "acme-okta")!["url"]!.GetValue<string>());
    }

    [Fact]
    public void An_unquoted_reference_that_comes_to_nothing_leaves_the_key_unset_as_upstream()
    {
        _env.Variables["EMPTY"] = "";
        var root = YamlConfigReader.Read(
            "sources:\n  s:\n    from: ${FROM:-}\n    max_bytes: ${EMPTY}\n    quoted: \"${FROM:-}\"\n    text: a${FROM:-}\n", _env, _errors)!;
        Assert.Empty(_errors.All);
        var s = root.Child("sources")!.Child("s")!;
        Assert.Null(s.Child("from"));
        Assert.Null(s.Child("max_bytes"));
        Assert.Equal("", s.Child("quoted")!.ScalarValue);
        Assert.Equal("a", s.Child("text")!.ScalarValue);
    }

    // Only white space (a variable read from a file holding just its newline): upstream's parse of the
    // substituted text finds no value there, so the key is unset; here `from: ${FROM}` sent `since=%0A`
    // (okta: "from must not be empty").
    [Fact]
    public void An_unquoted_reference_to_white_space_only_leaves_the_key_unset_as_upstream()
    {
        _env.Variables["BLANK"] = " \n";
        var root = YamlConfigReader.Read("sources:\n  s:\n    from: ${BLANK}\n    quoted: \"${BLANK}\"\n", _env, _errors)!;
        Assert.Empty(_errors.All);
        var s = root.Child("sources")!.Child("s")!;
        Assert.Null(s.Child("from"));
        Assert.Equal(" \n", s.Child("quoted")!.ScalarValue);
    }

    // A variable read from a file or a Kubernetes ConfigMap often ends in a newline. Upstream substitutes
    // before parsing, so there `max_pages: ${PAGES}` is still the number; here it was "expected a whole
    // number, found '5\n'" (while interval_secs, a fractional key, took it).
    [Fact]
    public void A_number_or_boolean_from_a_variable_with_white_space_around_it_reads_as_upstream()
    {
        _env.Variables["PAGES"] = "5\n";
        _env.Variables["ON"] = " true\n";
        _env.Variables["HEX"] = " 0x10 ";
        _env.Variables["HEADER"] = "v\n";
        var root = YamlConfigReader.Read(
            "sources:\n  s:\n    max_pages: ${PAGES}\n    enabled: ${ON}\n    limit: ${HEX}\n    header: ${HEADER}\n    quoted: \"${PAGES}\"\n", _env, _errors)!;
        var s = root.Child("sources")!.Child("s")!;
        Assert.Equal(5, s.Integer("max_pages"));
        Assert.True(s.Boolean("enabled"));
        Assert.Equal(16, s.Integer("limit"));
        Assert.Empty(_errors.All);
        // Text keeps what the variable holds (a header refuses its line break, naming it); quoted stays text.
        Assert.Equal("v\n", s.Child("header")!.ScalarValue);
        Assert.Equal("5\n", s.Child("quoted")!.ScalarValue);
    }

    // Upstream substitutes the file's text before parsing it, so a reference in a key is expanded too:
    // a source id (its state and label) or a header name taken from the environment means the same here.
    [Fact]
    public void Expands_references_in_keys_as_upstream()
    {
        _env.Variables["TENANT"] = "acme";
        _env.Variables["HDR"] = "X-Org";
        var root = YamlConfigReader.Read("sources:\n  ${TENANT}-okta:\n    headers:\n      ${HDR}: v\n      $$lit: w\n", _env, _errors)!;
        var source = root.Child("sources")!.Child("acme-okta")!;
        Assert.Equal("sources.acme-okta", source.Path);
        Assert.Equal("v", source.Child("headers")!.Child("X-Org")!.ScalarValue);
        Assert.NotNull(source.Child("headers")!.Child("$lit"));
        Assert.Empty(_errors.All);
    }

    [Fact]
    public void Unset_variable_in_a_key_is_an_error_at_that_key()
    {
        YamlConfigReader.Read("sources:\n  ${NOPE}-okta:\n    url: https://x\n", _env, _errors);
        var error = Assert.Single(_errors.All);
        Assert.Equal("sources.${NOPE}-okta", error.Path);
        Assert.Contains("NOPE", error.Message);
    }

    [Theory]
    // A source block copied and not renamed: YamlDotNet's own "Duplicate key" named a line but no key path.
    [InlineData("sources:\n  okta:\n    url: a\n  gh:\n    url: b\n  okta:\n    url: c\n", "sources.okta", 6)]
    [InlineData("sources:\n  s:\n    body:\n      items:\n        - a: 1\n          a: 2\n", "sources.s.body.items[0].a", 6)]
    [InlineData("sources:\n  s: {url: a, q: [1, {x: 1, x: 2}]}\n", "sources.s.q[1].x", 2)]
    public void A_key_written_twice_is_an_error_at_its_key_path(string yaml, string path, int line)
    {
        Assert.Null(YamlConfigReader.Read(yaml, _env, _errors));
        var error = Assert.Single(_errors.All);
        Assert.Equal(path, error.Path);
        Assert.Equal($"duplicate key (line {line})", error.Message);
    }
}
