using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Tests.Config;

/// <summary>global.metrics, dump_on_sigusr1 and audit: upstream's keys read by real readers, without a "not supported" warning.</summary>
public sealed class OperationsReaderTests
{
    private static (GlobalConfig Global, List<string> Errors, List<string> Warnings) Load(string globalYaml) => GlobalYaml.Load(globalYaml);

    [Fact]
    public void Upstream_blocks_load_without_warnings_into_the_records()
    {
        var (global, errors, warnings) = Load("""
              metrics: { enabled: true, address: 127.0.0.1, port: 9091, path: /prom }
              dump_on_sigusr1: { destination: file, path: /tmp/helr-dump.txt }
              audit: { enabled: true, log_credential_access: false, log_config_changes: true }
            """);
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.Equal(new MetricsConfig { Enabled = true, Address = "127.0.0.1", Port = 9091, Path = "/prom" }, global.Metrics);
        Assert.Equal(new DumpOnSigusr1Config { Destination = "file", Path = "/tmp/helr-dump.txt" }, global.DumpOnSigusr1);
        Assert.Equal(new AuditConfig { Enabled = true, LogCredentialAccess = false, LogConfigChanges = true }, global.Audit);
        Assert.False(global.Audit.Credentials);
        Assert.True(global.Audit.ConfigChanges);
    }

    [Fact]
    public void Empty_blocks_get_the_upstream_defaults()
    {
        var (global, errors, warnings) = Load("  metrics: {}\n  dump_on_sigusr1: {}\n  audit: {}\n");
        Assert.Empty(errors);
        Assert.Empty(warnings);
        Assert.Equal(new MetricsConfig { Enabled = false, Address = "0.0.0.0", Port = 9090, Path = "/metrics" }, global.Metrics);
        Assert.Equal(new DumpOnSigusr1Config { Destination = "log" }, global.DumpOnSigusr1);
        Assert.False(global.Audit.Credentials || global.Audit.ConfigChanges);
    }

    [Theory]
    [InlineData("  metrics: { adress: 127.0.0.1 }", "global.metrics.adress: unknown key; did you mean 'address'?")]
    [InlineData("  metrics: { path: metrics }", "global.metrics.path: must start with / (e.g. /metrics), got 'metrics'")]
    // Before, validate passed these and run ended in an unhandled RoutePatternException (a query), or served a
    // route template ({name}: any /metrics/x, not the path written).
    [InlineData("  metrics: { path: \"/metrics?format=prometheus\" }", "global.metrics.path: must be a path alone (no query, fragment, '{', '}' or white space), got '/metrics?format=prometheus'")]
    [InlineData("  metrics: { path: \"/metrics/{name}\" }", "global.metrics.path: must be a path alone (no query, fragment, '{', '}' or white space), got '/metrics/{name}'")]
    [InlineData("  metrics: { path: \"/met rics\" }", "global.metrics.path: must be a path alone (no query, fragment, '{', '}' or white space), got '/met rics'")]
    // Routed as a pattern too: two slashes in a row ended run in an unhandled RoutePatternException naming no key.
    [InlineData("  metrics: { path: //metrics }", "global.metrics.path: must not hold an empty segment (//), got '//metrics'")]
    [InlineData("  metrics: { path: /metrics// }", "global.metrics.path: must not hold an empty segment (//), got '/metrics//'")]
    [InlineData("  metrics: { port: 70000 }", "global.metrics.port: must be between 0 and 65535, found 70000")]
    [InlineData("  dump_on_sigusr1: { destinaton: log }", "global.dump_on_sigusr1.destinaton: unknown key; did you mean 'destination'?")]
    [InlineData("  dump_on_sigusr1: { destination: file }", "global.dump_on_sigusr1.path: required when destination is file")]
    [InlineData("  audit: { log_credentials_access: true }", "global.audit.log_credentials_access: unknown key; did you mean 'log_credential_access'?")]
    public void A_bad_key_or_value_is_an_error_naming_the_key(string yaml, string error)
    {
        var (_, errors, warnings) = Load(yaml);
        Assert.Equal(new[] { error }, errors);
        Assert.Empty(warnings);
    }

    // Validate passed these, and run then stopped at start: "cannot listen on 127.0.0.1:8080 (global.api): … address already in use".
    [Theory]
    [InlineData("  api: { enabled: true }\n  metrics: { enabled: true, port: 8080 }")]
    [InlineData("  api: { enabled: true, address: 127.0.0.1, port: 9000 }\n  metrics: { enabled: true, address: 127.0.0.1, port: 9000 }")]
    [InlineData("  api: { enabled: true, address: localhost, port: 9000 }\n  metrics: { enabled: true, address: \"::1\", port: 9000 }")]
    [InlineData("  api: { enabled: true, address: \"::\", port: 9000 }\n  metrics: { enabled: true, address: 10.0.0.5, port: 9000 }")]
    public void Api_and_metrics_on_one_port_of_one_address_is_an_error_naming_both_keys(string yaml)
    {
        var (_, errors, _) = Load(yaml);
        var error = Assert.Single(errors);
        Assert.StartsWith("global.metrics.port: is also global.api.port", error);
    }

    [Theory]
    [InlineData("  api: { enabled: true, port: 9090 }\n  metrics: { enabled: false }")]
    [InlineData("  api: { enabled: true, port: 0 }\n  metrics: { enabled: true, port: 0 }")]
    [InlineData("  api: { enabled: true, address: 127.0.0.1, port: 9000 }\n  metrics: { enabled: true, address: 127.0.0.2, port: 9000 }")]
    [InlineData("  api: { enabled: true, address: 0.0.0.0, port: 9000 }\n  metrics: { enabled: true, address: \"::1\", port: 9000 }")]
    public void Api_and_metrics_that_can_both_bind_load(string yaml) => Assert.Empty(Load(yaml).Errors);
}
