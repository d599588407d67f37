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
    public async Task A_reload_is_audited_and_the_restarted_source_s_credential_reads_still_are()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "  api: { enabled: true, port: 0 }\n  audit:\n    enabled: true\n");
        await using var helr = await ApiHelr.StartAsync(config, dir, OperationsRun.Env);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["s1"]!["cycles"]!.GetValue<long>() == 1, TimeSpan.FromSeconds(30));
        // /healthz counts the cycle before its log lines have come through the stderr pipe: counted earlier, the
        // first cycle's late reads would stand in for the restarted source's.
        await helr.Process.WaitForStderrAsync("poll ok: s1", TimeSpan.FromSeconds(30));

        var read = $"audit: credential accessed: s1 read env {OperationsRun.TokenVariable}";
        var before = helr.Process.Stderr.Split('\n').Count(l => l.Contains(read, StringComparison.Ordinal));

        // A changed interval restarts s1, which polls again at once (its two pages, both with the token).
        File.WriteAllText(config, File.ReadAllText(config).Replace("interval_secs: 3600", "interval_secs: 3500"));
        var (status, _, text) = await helr.PostAsync("/api/v1/reload");
        Assert.True(status == 200, text);
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["s1"]!["cycles"]!.GetValue<long>() == 2, TimeSpan.FromSeconds(30));
        await helr.Process.WaitForStderrAsync($"audit: config reloaded: {config} (1 sources)", TimeSpan.FromSeconds(30));
        // The reload's load reads the token, and the restarted source reads it at each of its two requests, as before the reload.
        await helr.Process.WaitForStderrAsync(read, before + 3, TimeSpan.FromSeconds(30));
        var stderr = helr.Process.Stderr;
        Assert.DoesNotContain(OperationsRun.Secret, stderr, StringComparison.Ordinal);
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
