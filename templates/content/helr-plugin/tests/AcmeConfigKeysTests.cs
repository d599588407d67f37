namespace Helr.Plugins.Acme.Tests;

/// <summary>
/// What `helr plugins inspect` prints (ConfigKeys) and what the reader accepts are the same keys: the
/// reader is run and the keys it asked for are compared with the declared ones, both ways. Pass one
/// source section per branch of your reader (here: each pagination strategy). Every key also has a
/// type and a description.
/// </summary>
public sealed class AcmeConfigKeysTests
{
    [Theory]
    [InlineData("cursor")]
    [InlineData("link_header")]
    [InlineData("page_offset")]
    [InlineData("offset")]
    public void Every_declared_key_is_read_and_every_key_read_is_declared(string strategy)
    {
        var source = $$$"""{"url": "https://api.acme.example/v1/audit", "auth": {"type": "bearer", "token_env": "ACME_TOKEN"}, "pagination": {"strategy": "{{{strategy}}}"}, "state": {}, "incremental_from": {}}""";
        var mismatches = ConfigKeysCheck.Mismatches(new AcmeSourceType(), [source]);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Every_declared_key_has_a_type_and_a_description()
    {
        var problems = ConfigKeysCheck.Incomplete(new AcmeSourceType());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
