using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Tests.Config;

/// <summary>global.hooks: read into the settings every source type receives, checked like every block.</summary>
public sealed class HooksReaderTests
{
    private static (GlobalConfig Global, List<string> Errors, List<string> Warnings) Load(string globalYaml) => GlobalYaml.Load(globalYaml);

    [Fact]
    public void No_block_means_hooks_disabled_with_upstream_defaults()
    {
        var (global, errors, warnings) = Load("  log_level: info\n");
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.Equal(new HookSettings { Enabled = false, Path = "./hooks", TimeoutSecs = 5, AuthCacheTtlSecs = 1800 }, global.Hooks);
    }

    [Fact]
    public void Reads_every_key_without_a_not_supported_warning()
    {
        var (global, errors, warnings) = Load(
            "  hooks: { enabled: true, path: /opt/js, timeout_secs: 10, memory_limit_mb: 64, allow_network: true, allow_fs: false, auth_cache_ttl_secs: 0 }\n");
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.Equal(new HookSettings { Enabled = true, Path = "/opt/js", TimeoutSecs = 10, MemoryLimitMb = 64, AllowNetwork = true, AuthCacheTtlSecs = 0 }, global.Hooks);
    }

    [Fact]
    public void Upstream_sized_numbers_load_unchanged()
    {
        var (global, errors, _) = Load("  hooks: { timeout_secs: 4000000000, memory_limit_mb: 4000000000, auth_cache_ttl_secs: 4000000000 }\n");
        Assert.Empty(errors);
        Assert.Equal(4_000_000_000, global.Hooks.TimeoutSecs);
        Assert.Equal(4_000_000_000, global.Hooks.MemoryLimitMb);
    }

    [Fact]
    public void Allow_fs_true_is_warned_about_since_scripts_never_get_files()
    {
        var (global, errors, warnings) = Load("  hooks: { enabled: true, allow_fs: true }\n");
        Assert.Empty(errors);
        Assert.Equal(new[] { "global.hooks.allow_fs: ignored: hook scripts never get file-system access in Helr" }, warnings);
        Assert.True(global.Hooks.Enabled);
    }

    [Theory]
    [InlineData("  hooks: { timeout_sec: 5 }", "global.hooks.timeout_sec: unknown key; did you mean 'timeout_secs'?")]
    [InlineData("  hooks: { timeout_secs: 0 }", "global.hooks.timeout_secs: must be at least 1, found 0: 0 is not 'no timeout': upstream gives each hook call no time, so every call fails; leave it out for 5")]
    [InlineData("  hooks: { auth_cache_ttl_secs: -1 }", "global.hooks.auth_cache_ttl_secs: must be at least 0, found -1")]
    [InlineData("  hooks: { memory_limit_mb: 1.5 }", "global.hooks.memory_limit_mb: expected a whole number, found '1.5'")]
    [InlineData("  hooks: { allow_network: 1 }", "global.hooks.allow_network: expected true or false, found '1'")]
    [InlineData("  hooks: { path: \"\" }", "global.hooks.path: must not be empty")]
    public void A_wrong_value_is_an_error_naming_the_key(string yaml, string error)
    {
        var (_, errors, warnings) = Load(yaml);
        Assert.Equal(new[] { error }, errors);
        Assert.Empty(warnings);
    }
}
