namespace Helr.Plugins.OnePassword.Tests;

/// <summary>
/// What `helr plugins inspect` prints (ConfigKeys) and what the reader accepts are the same keys:
/// the reader is run and the keys it asked for are compared with the declared ones, both ways.
/// </summary>
public sealed class OnePasswordConfigKeysTests
{
    [Fact]
    public void Every_declared_key_is_read_and_every_key_read_is_declared()
    {
        var mismatches = ConfigKeysCheck.Mismatches(new OnePasswordSourceType(), new[]
        {
            """{"events": "auditevents", "auth": {"type": "bearer", "token_env": "T"}}""",
        });
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Every_declared_key_has_a_type_and_a_description()
    {
        var problems = ConfigKeysCheck.Incomplete(new OnePasswordSourceType());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
