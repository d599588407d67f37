using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Tests.Config;

/// <summary>global.api, metrics, reload, dump_on_sigusr1 and audit (all built): their defaults and their errors, with key paths.</summary>
public sealed class PlannedGlobalReaderTests
{
    private static (GlobalConfig Global, List<string> Errors, List<string> Warnings) Load(string globalYaml) => GlobalYaml.Load(globalYaml);

    [Fact]
    public void No_planned_block_means_no_warning_and_upstream_defaults()
    {
        var (global, errors, warnings) = Load("  log_level: info\n");
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.Equal(new ApiConfig { Enabled = false, Address = null, Port = 8080 }, global.Api);
        Assert.Equal(new MetricsConfig(), global.Metrics);
        Assert.False(global.Reload.RestartSourcesOnSighup);
        Assert.Null(global.DumpOnSigusr1);
        Assert.Equal(new AuditConfig { Enabled = false, LogCredentialAccess = true, LogConfigChanges = true }, global.Audit);
    }

    [Fact]
    public void Empty_blocks_get_the_upstream_defaults()
    {
        var (global, errors, warnings) = Load("  api: {}\n  metrics: {}\n  dump_on_sigusr1: {}\n  audit: {}\n");
        Assert.Empty(errors);
        Assert.Equal(8080, global.Api.Port);
        Assert.Equal(9090, global.Metrics.Port);
        Assert.Equal(new DumpOnSigusr1Config { Destination = "log", Path = null }, global.DumpOnSigusr1);
        Assert.True(global.Audit.LogCredentialAccess && global.Audit.LogConfigChanges && !global.Audit.Enabled);
    }

    [Fact]
    public void Reads_every_key_into_the_records()
    {
        var (global, errors, _) = Load("""
              api: { enabled: true, address: 127.0.0.1, port: 8081 }
              metrics: { enabled: true, address: "::1", port: 9091 }
              reload: { restart_sources_on_sighup: true }
              dump_on_sigusr1: { destination: FILE, path: /tmp/d.txt }
              audit: { enabled: true, log_credential_access: false, log_config_changes: false }
            """);
        Assert.Empty(errors);
        Assert.Equal(new ApiConfig { Enabled = true, Address = "127.0.0.1", Port = 8081 }, global.Api);
        Assert.Equal(new MetricsConfig { Enabled = true, Address = "::1", Port = 9091 }, global.Metrics);
        Assert.True(global.Reload.RestartSourcesOnSighup);
        Assert.Equal(new DumpOnSigusr1Config { Destination = "file", Path = "/tmp/d.txt" }, global.DumpOnSigusr1);
        Assert.Equal(new AuditConfig { Enabled = true, LogCredentialAccess = false, LogConfigChanges = false }, global.Audit);
    }

    [Theory]
    [InlineData("  api: { enabeld: true }", "global.api.enabeld: unknown key; did you mean 'enabled'?")]
    [InlineData("  reload: { restart_source_on_sighup: true }", "global.reload.restart_source_on_sighup: unknown key; did you mean 'restart_sources_on_sighup'?")]
    public void A_typo_inside_a_block_is_an_error_with_a_hint(string yaml, string error)
    {
        var (_, errors, warnings) = Load(yaml);
        Assert.Equal(new[] { error }, errors);
        // api and reload are built: only the planned blocks add their not-supported warning.
        Assert.Equal(yaml.Contains("api:") || yaml.Contains("reload:") ? 0 : 1, warnings.Count);
    }

    [Theory]
    [InlineData("  api: { port: -1 }", "global.api.port: must be between 0 and 65535, found -1")]
    [InlineData("  api: { port: 70000 }", "global.api.port: must be between 0 and 65535, found 70000")]
    [InlineData("  api: { port: x }", "global.api.port: expected a whole number, found 'x'")]
    [InlineData("  api: { enabled: yes please }", "global.api.enabled: expected true or false, found 'yes please'")]
    [InlineData("  api: { address: \"\" }", "global.api.address: must not be empty")]
    [InlineData("  api: true", "global.api: expected a map of keys, found a value")]
    [InlineData("  metrics: { port: 65536 }", "global.metrics.port: must be between 0 and 65535, found 65536")]
    [InlineData("  api: { auth: {} }", "global.api.auth.token_env: required (or set token_file)")]
    [InlineData("  api: { auth: { token_env: HELR_TEST_UNSET_API_TOKEN } }", "global.api.auth.token_env: environment variable HELR_TEST_UNSET_API_TOKEN is not set")]
    [InlineData("  metrics: { address: [a] }", "global.metrics.address: expected a string, found a list")]
    [InlineData("  reload: { restart_sources_on_sighup: \"true\" }", "global.reload.restart_sources_on_sighup: expected true or false, found 'true'")]
    [InlineData("  dump_on_sigusr1: { destination: syslog }", "global.dump_on_sigusr1.destination: 'syslog' is not one of: log, file")]
    [InlineData("  dump_on_sigusr1: { destination: file }", "global.dump_on_sigusr1.path: required when destination is file")]
    [InlineData("  dump_on_sigusr1: { destination: file, path: \"\" }", "global.dump_on_sigusr1.path: must not be empty")]
    [InlineData("  audit: { enabled: on }", "global.audit.enabled: expected true or false, found 'on'")]
    public void A_wrong_type_or_range_is_an_error_naming_the_key(string yaml, string error)
    {
        var (_, errors, _) = Load(yaml);
        Assert.Equal(new[] { error }, errors);
    }
}
