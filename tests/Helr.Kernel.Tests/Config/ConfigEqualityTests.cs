using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>A loaded config is data: two loads of one file are equal, and a change shows in the source it touches only.</summary>
public sealed class ConfigEqualityTests : IDisposable
{
    internal const string Yaml = """
        global:
          source_label_key: src
        sources:
          a:
            url: https://a.example.com/logs
            headers: { X-Api-Key: "${A_KEY}" }
          b:
            url: https://b.example.com/logs?team=${B_TEAM}
            schedule: { interval_secs: 30 }
          c:
            url: https://c.example.com/logs
            dedupe: { id_path: id }
            resilience: { retries: { retryable_status_codes: [429, 503] } }
        """;

    private readonly ConfigFile _file = new();

    public ConfigEqualityTests()
    {
        _file.Env.Variables["A_KEY"] = "key-a";
        _file.Env.Variables["B_TEAM"] = "red";
    }

    [Fact]
    public void Two_loads_of_one_file_are_equal()
    {
        var first = _file.Load(Yaml).Config;
        var second = _file.Load(Yaml).Config;
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("plugin key", "https://b.example.com/logs?", "https://b.example.com/audit?", null)]
    [InlineData("kernel key", "interval_secs: 30", "interval_secs: 45", null)]
    [InlineData("referenced variable", null, null, "blue")]
    public void A_change_makes_only_its_source_unequal(string what, string? from, string? to, string? team)
    {
        var before = _file.Load(Yaml).Config;
        if (team is not null) _file.Env.Variables["B_TEAM"] = team;
        var after = _file.Load(from is null ? Yaml : Yaml.Replace(from, to!)).Config;
        Assert.NotEqual(before, after);
        Assert.True(!Equals(before.Sources[1], after.Sources[1]), $"{what}: source b should differ");
        Assert.Equal(before.Sources[0], after.Sources[0]);
        Assert.Equal(before.Sources[2], after.Sources[2]);
        Assert.Equal(before.Global, after.Global);
    }

    [Fact]
    public void Moving_keys_within_a_block_changes_nothing()
    {
        var before = _file.Load(Yaml).Config;
        var after = _file.Load(Yaml.Replace("""
                url: https://c.example.com/logs
                dedupe: { id_path: id }
            """, """
                dedupe: { id_path: id }
                url: https://c.example.com/logs
            """)).Config;
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_quoted_number_is_not_the_number()
    {
        var plain = ConfigValue.Scalar("5", quoted: false);
        Assert.Equal(plain, ConfigValue.Scalar("5", quoted: false, line: 9));
        Assert.NotEqual(plain, ConfigValue.Scalar("5", quoted: true));
        Assert.NotEqual(ConfigValue.Scalar("True", quoted: false), ConfigValue.Scalar("True", quoted: true));
        Assert.NotEqual(ConfigValue.Scalar("0x10", quoted: false), ConfigValue.Scalar("0x10", quoted: true));
        Assert.NotEqual(ConfigValue.Scalar("1e3", quoted: false), ConfigValue.Scalar("1e3", quoted: true));
    }

    [Fact]
    public void Quoted_text_is_the_same_text()
    {
        var plain = ConfigValue.Scalar("https://a.example.com/logs", quoted: false);
        var quoted = ConfigValue.Scalar("https://a.example.com/logs", quoted: true);
        Assert.Equal(plain, quoted);
        Assert.Equal(plain.GetHashCode(), quoted.GetHashCode());
    }

    public void Dispose() => _file.Dispose();
}
