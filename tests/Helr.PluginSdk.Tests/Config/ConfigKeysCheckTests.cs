using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Config;

/// <summary>
/// The test kit's ConfigKeysCheck catches a key declared but not read, one read but not declared, and
/// a declared key that inspect would print without a type or description.
/// </summary>
public sealed class ConfigKeysCheckTests
{
    private const string Section = """{"url": "https://x.example", "pagination": {}, "auth": {"type": "bearer"}}""";

    private static readonly ConfigKeyInfo[] Exact =
    {
        new() { Name = "url", Type = "url" },
        new() { Name = "pagination.max_pages", Type = "integer" },
        new() { Name = "auth", Type = "mapping" },
    };

    [Fact]
    public void Agreeing_keys_give_no_mismatch_and_a_mapping_key_covers_what_is_read_below_it()
    {
        Assert.Empty(Testing.ConfigKeysCheck.Mismatches(new Reader(Exact), new[] { Section }));
    }

    [Fact]
    public void A_key_read_but_not_declared_and_one_declared_but_never_read_are_both_named()
    {
        var declared = Exact.Where(k => k.Name != "pagination.max_pages").Append(new ConfigKeyInfo { Name = "max_page", Type = "integer" }).ToArray();
        Assert.Equal(
            new[] { "declared but never read: max_page", "read but not declared: pagination.max_pages" },
            Testing.ConfigKeysCheck.Mismatches(new Reader(declared), new[] { Section }));
    }

    [Fact]
    public void A_block_missing_from_every_section_is_reported_rather_than_its_keys_passing_unchecked()
    {
        Assert.Equal(
            new[] { "declared but never read: pagination.max_pages", "read but not declared: pagination" },
            Testing.ConfigKeysCheck.Mismatches(new Reader(Exact), new[] { """{"url": "https://x.example"}""" }));
    }

    [Fact]
    public void Complete_keys_pass_and_each_incomplete_one_is_named()
    {
        var described = Exact.Select(k => k with { Description = "what it does" }).ToArray();
        Assert.Empty(Testing.ConfigKeysCheck.Incomplete(new Reader(described)));
        var broken = new ConfigKeyInfo[]
        {
            new() { Name = "url", Type = "url", Required = true, Default = "https://x.example", Description = "the endpoint" },
            new() { Name = "max_pages", Type = " ", Description = "pages" },
            new() { Name = "auth", Type = "mapping" },
        };
        Assert.Equal(
            new[] { "required and with a default: url", "no type: max_pages", "no description: auth" },
            Testing.ConfigKeysCheck.Incomplete(new Reader(broken)));
    }

    /// <summary>Reads url, pagination.max_pages and auth.type, as a plugin's reader would.</summary>
    private sealed class Reader(IReadOnlyList<ConfigKeyInfo> keys) : ISourceType
    {
        public string Name => "reader";

        public string Description => "test";

        public IReadOnlyList<ConfigKeyInfo> ConfigKeys => keys;

        public ISource? Create(ConfigNode config, SourceBuildContext context)
        {
            config.String("url");
            config.Mapping("pagination")?.Integer("max_pages");
            config.Mapping("auth")?.String("type");
            return null;
        }
    }
}
