using Helr.PluginSdk.Testing;

namespace Helr.Plugins.Generic.Tests;

/// <summary>
/// What `helr plugins inspect generic` prints (ConfigKeys) and what the reader accepts are the same
/// keys: the reader is run once per pagination strategy and the keys it asked for are compared with
/// the declared ones, both ways.
/// </summary>
public sealed class GenericConfigKeysTests
{
    private static string Source(string strategy) =>
        $$$"""{"url": "https://api.example.com/logs", "auth": {"type": "bearer", "token_env": "T"}, "pagination": {"strategy": "{{{strategy}}}"}, "state": {}, "incremental_from": {}, "hooks": {"script": "h.js"}}""";

    [Fact]
    public void Every_declared_key_is_read_and_every_key_read_is_declared()
    {
        var mismatches = ConfigKeysCheck.Mismatches(new GenericSourceType(),
            new[] { "link_header", "cursor", "page_offset", "offset" }.Select(Source));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Every_declared_key_has_a_type_and_a_description()
    {
        var problems = ConfigKeysCheck.Incomplete(new GenericSourceType());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
