using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>What the kernel's <c>ReportUnknownKeys</c> finds after the plugin has read a source.</summary>
public class GenericUnknownKeyTests
{
    private static IReadOnlyList<string> Report(string json)
    {
        var config = ConfigTree.Source(json);
        GenericSourceTypeTests.Create(config);
        config.ReportUnknownKeys();
        return config.Messages();
    }

    [Fact]
    public void Misspelt_source_key_gets_did_you_mean() =>
        Assert.Equal(new[] { "sources.s.query_param: unknown key; did you mean 'query_params'?" },
            Report("""{"url": "https://a.example.com/", "query_param": {"limit": 5}}"""));

    [Fact]
    public void Misspelt_pagination_key_gets_did_you_mean() =>
        Assert.Equal(new[] { "sources.s.pagination.max_page: unknown key; did you mean 'max_pages'?" },
            Report("""{"url": "https://a.example.com/", "pagination": {"strategy": "link_header", "max_page": 5}}"""));

    [Fact]
    public void Misspelt_auth_key_is_both_missing_and_unknown() =>
        Assert.Equal(new[]
        {
            "sources.s.auth.token_env: required (or set token_file)",
            "sources.s.auth.tokn_env: unknown key; did you mean 'token_env'?",
        }, Report("""{"url": "https://a.example.com/", "auth": {"type": "bearer", "tokn_env": "API_TOKEN"}}"""));

    [Fact]
    public void Misspelt_state_key_gets_did_you_mean() =>
        Assert.Contains("sources.s.state.watermark_feild: unknown key; did you mean 'watermark_field'?",
            Report("""{"url": "https://a.example.com/", "state": {"watermark_feild": "ts", "watermark_param": "since"}}"""));

    [Fact]
    public void Body_and_header_keys_are_free_form() =>
        Assert.Empty(Report("""{"url": "https://a.example.com/", "body": {"anything": {"x": 1}}, "headers": {"X-Whatever": "1"}}"""));

    [Fact]
    public void Response_streaming_is_a_warning_not_an_error()
    {
        var config = ConfigTree.Source("""
            {"url": "https://a.example.com/", "response_streaming": "buffered"}
            """);
        Assert.NotNull(GenericSourceTypeTests.Create(config));
        config.ReportUnknownKeys();
        Assert.False(config.Errors.HasErrors);
        Assert.Equal(new[] { "sources.s.response_streaming: not supported yet: checked, but Helr does not act on it" },
            config.Errors.Warnings.Select(w => w.ToString()));
    }
}
