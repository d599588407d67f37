using System.Text.Json;

namespace Helr.PluginSdk.Tests.Auth;

public class SecretTests
{
    private sealed record Holder(string Name, Secret Token);

    [Fact]
    public void Prints_redacted()
    {
        var secret = new Secret("hunter2");
        Assert.Equal("[REDACTED]", secret.ToString());
        Assert.Equal("token=[REDACTED]", $"token={secret}");
        Assert.DoesNotContain("hunter2", new Holder("x", secret).ToString());
    }

    [Fact]
    public void Serializes_redacted()
    {
        var secret = new Secret("hunter2");
        Assert.Equal("\"[REDACTED]\"", JsonSerializer.Serialize(secret));
        Assert.Equal("""{"Name":"x","Token":"[REDACTED]"}""", JsonSerializer.Serialize(new Holder("x", secret)));
        Assert.Equal("""{"Token":"[REDACTED]"}""", JsonSerializer.Serialize<object>(new { Token = secret }));
    }

    [Fact]
    public void Is_never_deserialized() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Secret>("\"hunter2\""));

    [Fact]
    public void Reveals_and_compares_its_value()
    {
        Assert.Equal("hunter2", new Secret("hunter2").Reveal());
        Assert.Equal(new Secret("a"), new Secret("a"));
        Assert.NotEqual(new Secret("a"), new Secret("A"));
        Assert.True(new Secret("").IsEmpty);
        Assert.Throws<ArgumentNullException>(() => new Secret(null!));
    }
}
