using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>global.audit: credential reads name the variable, never the value; the start-up "config loaded" line is output.</summary>
public sealed class AuditTests
{
    [Fact]
    public async Task Audit_lines_name_the_variable_and_the_config_and_no_log_line_at_debug_shows_the_token()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "  audit:\n    enabled: true\n");
        var result = await HelrProcess.RunAsync($"run --once -v -c {config}", dir.Path, env: OperationsRun.Env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"audit: config loaded: {config} (1 sources)", result.Stderr);
        // At validation, then once per page request.
        var reads = result.Stderr.Split('\n').Count(l => l.Contains($"audit: credential accessed: s1 read env {OperationsRun.TokenVariable}", StringComparison.Ordinal));
        Assert.True(reads >= 3, result.Stderr);
        Assert.True(result.Stderr.IndexOf("audit: config loaded", StringComparison.Ordinal) < result.Stderr.IndexOf("poll ok", StringComparison.Ordinal));
        Assert.Contains("DBUG s1: page fetched: HTTP 200", result.Stderr); // -v really logged at debug
        Assert.DoesNotContain(OperationsRun.Secret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_audit_lines_carry_the_audit_property()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "  log_format: json\n  audit:\n    enabled: true\n    log_credential_access: false\n");
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: OperationsRun.Env);
        Assert.True(result.ExitCode == 0, result.ToString());
        var audit = result.Stderr.Split('\n').Where(l => l.Contains("\"audit\":true", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(audit);
        Assert.Contains("\"@m\":\"audit: config loaded:", line);
        Assert.Contains($"\"Path\":\"{config}\"", line);
    }

    [Fact]
    public async Task Without_the_block_there_are_no_audit_lines()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "");
        var result = await HelrProcess.RunAsync($"run --once -v -c {config}", dir.Path, env: OperationsRun.Env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("audit:", result.Stderr);
        Assert.DoesNotContain(OperationsRun.Secret, result.Stderr, StringComparison.Ordinal);
    }
}
