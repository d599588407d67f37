using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Config;
using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>A reload restarts the sources whose config changed, by value, and leaves the others running.</summary>
public sealed class ConfigReloadPlanTests : IDisposable
{
    private readonly ConfigFile _file = new();

    public ConfigReloadPlanTests()
    {
        _file.Env.Variables["A_KEY"] = "key-a";
        _file.Env.Variables["B_TEAM"] = "red";
    }

    private ConfigReloadPlan Plan(string after, bool restartAll = false) =>
        ConfigReloadPlan.Diff(_file.Load(ConfigEqualityTests.Yaml).Config, _file.Load(after).Config, restartAll);

    [Fact]
    public void The_same_file_restarts_nothing()
    {
        var plan = Plan(ConfigEqualityTests.Yaml);
        Assert.Empty(plan.Changed);
        Assert.Equal(["a", "b", "c"], plan.Unchanged);
    }

    [Fact]
    public void Quoting_a_text_value_restarts_nothing()
    {
        // A formatter or a config template that quotes strings changes no value: the sources run on (breaker, rate limit, schedule).
        var plan = Plan(ConfigEqualityTests.Yaml
            .Replace("url: https://a.example.com/logs", "url: 'https://a.example.com/logs'")
            .Replace("id_path: id", "id_path: \"id\""));
        Assert.Empty(plan.Changed);
        Assert.Equal(["a", "b", "c"], plan.Unchanged);
    }

    [Fact]
    public void A_changed_variable_restarts_the_source_that_references_it()
    {
        var before = _file.Load(ConfigEqualityTests.Yaml).Config;
        _file.Env.Variables["A_KEY"] = "key-a-rotated";
        var plan = ConfigReloadPlan.Diff(before, _file.Load(ConfigEqualityTests.Yaml).Config, restartAll: false);
        Assert.Equal(["a"], plan.Changed);
        Assert.Equal(["b", "c"], plan.Unchanged);
    }

    [Fact]
    public void Added_removed_and_changed_sources_are_told_apart()
    {
        var plan = Plan(ConfigEqualityTests.Yaml
            .Replace("retryable_status_codes: [429, 503]", "retryable_status_codes: [429]")
            .Replace("  a:\n", "  d:\n"));
        Assert.Equal(["d"], plan.Added);
        Assert.Equal(["a"], plan.Removed);
        Assert.Equal(["c"], plan.Changed);
        Assert.Equal(["b"], plan.Unchanged);
    }

    [Fact]
    public void A_global_key_every_source_reads_restarts_them_all()
    {
        Assert.Equal(["a", "b", "c"], Plan(ConfigEqualityTests.Yaml.Replace("source_label_key: src", "source_label_key: origin")).Changed);
        Assert.Equal(["a", "b", "c"], Plan(ConfigEqualityTests.Yaml, restartAll: true).Changed);
        // The connection cap is part of a source's pool: a new cap needs new pools.
        Assert.Equal(["a", "b", "c"], Plan(ConfigEqualityTests.Yaml.Replace("source_label_key: src", "source_label_key: src\n  bulkhead:\n    max_connections_per_host: 4")).Changed);
        // Its default written out changes nothing.
        Assert.Empty(Plan(ConfigEqualityTests.Yaml.Replace("source_label_key: src", "source_label_key: src\n  bulkhead:\n    max_connections_per_host: 32")).Changed);
        // A global key no source reads restarts none.
        Assert.Empty(Plan(ConfigEqualityTests.Yaml.Replace("source_label_key: src", "source_label_key: src\n  log_level: debug")).Changed);
    }

    [Fact]
    public void Turning_credential_auditing_on_or_off_restarts_every_source()
    {
        // A source reads its credentials through the audit log or not as it was built: only a new build follows the setting.
        var audited = ConfigEqualityTests.Yaml.Replace("source_label_key: src", "source_label_key: src\n  audit:\n    enabled: true");
        Assert.Equal(["a", "b", "c"], Plan(audited).Changed);
        Assert.Equal(["a", "b", "c"], ConfigReloadPlan.Diff(_file.Load(audited).Config, _file.Load(ConfigEqualityTests.Yaml).Config, restartAll: false).Changed);
        // Config changes alone are audited by the reload itself, not by the sources.
        Assert.Empty(Plan(audited.Replace("enabled: true", "enabled: true\n    log_credential_access: false")).Changed);
    }

    [Fact]
    public void An_edited_hook_script_restarts_its_source_so_the_reload_runs_the_new_script()
    {
        const string yaml = """
            global:
              hooks: { enabled: true, path: /hooks }
            sources:
              h:
                url: https://h.example.com/logs
                hooks: { script: h.js }
              p:
                url: https://p.example.com/logs
            """;
        _file.Env.Files["/hooks/h.js"] = "function parseResponse(ctx, response) { return []; }";
        var loaded = _file.Load(yaml);
        var before = loaded.Config;
        Assert.Empty(ConfigReloadPlan.Diff(before, _file.Load(yaml).Config, restartAll: false).Changed);
        // A run starts from its built sources' configs (RunPipeline): the same, so the first reload of an unedited file restarts nothing.
        Assert.Equal(before.Sources, loaded.Sources.Select(s => s.Config));

        _file.Env.Files["/hooks/h.js"] = "function parseResponse(ctx, response) { return [{ event: {} }]; }";
        var plan = ConfigReloadPlan.Diff(before, _file.Load(yaml).Config, restartAll: false);
        Assert.Equal(["h"], plan.Changed);
        Assert.Equal(["p"], plan.Unchanged);
    }

    public void Dispose() => _file.Dispose();
}
