using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

/// <summary>
/// A 0 that stays refused is reported with what upstream does with it and what to write instead: a
/// user porting an upstream config gets no help from "must be at least 1" alone.
/// </summary>
public sealed class RefusedZeroTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-zero-").FullName;
    private readonly SourceTypeRegistry _registry = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    private List<string> Errors(string sourceKeys, string global = "")
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, global + "sources:\n  s:\n    url: https://x.example.com/logs\n" + sourceKeys);
        var (_, problems) = ConfigLoader.Load(path, _registry, new TestEnvironment());
        return problems.Errors.Select(e => e.ToString()).ToList();
    }

    public static TheoryData<string, string, string> Zeros() => new()
    {
        {
            "", "    max_bytes: 0\n",
            "sources.s.max_bytes: must be at least 1, found 0: 0 is not unlimited: every page is over it, so upstream reads one page "
            + "per poll (and none with cursor paging); leave max_bytes out for no byte limit, or set pagination.max_pages: 1"
        },
        {
            "", "    max_response_bytes: 0\n",
            "sources.s.max_response_bytes: must be at least 1, found 0: 0 is not unlimited: every response with a body is over it "
            + "and fails, in upstream too; leave it out for the default (256 MiB)"
        },
        {
            "", "    max_line_bytes: 0\n",
            "sources.s.max_line_bytes: must be at least 1, found 0: 0 is not unlimited: every line is over it, so upstream fails each "
            + "poll, skips every event or writes empty lines (by max_line_bytes_behavior); leave it out for no limit"
        },
        {
            "", "    pagination: { strategy: offset, offset_param: o, limit_param: l, limit: 0 }\n",
            "sources.s.pagination.limit: must be at least 1, found 0: it asks the API for empty pages; upstream sends limit=0, never "
            + "sees a short page and so requests max_pages pages every poll (offset: the same page each time); write the API's page size, e.g. 100"
        },
        {
            "", "    resilience: { timeout_secs: 0 }\n",
            "sources.s.resilience.timeout_secs: must be greater than 0: 0 is not 'no timeout': upstream gives each request no time at "
            + "all, so every one fails; leave it out for the default"
        },
        {
            "", "    resilience: { timeouts: { connect_secs: 0 } }\n",
            "sources.s.resilience.timeouts.connect_secs: must be greater than 0: 0 is not 'no timeout': upstream gives each request no "
            + "time at all, so every one fails; leave it out for the default"
        },
        {
            "", "    resilience: { timeouts: { poll_tick_secs: 0 } }\n",
            "sources.s.resilience.timeouts.poll_tick_secs: must be greater than 0: 0 is not 'no timeout': upstream gives each poll no "
            + "time at all, so every one fails; leave it out for the default"
        },
        {
            "", "    resilience: { circuit_breaker: { half_open_timeout_secs: 0 } }\n",
            "sources.s.resilience.circuit_breaker.half_open_timeout_secs: must be greater than 0: an open breaker would let a probe "
            + "through at once and never hold requests back; to turn the breaker off write circuit_breaker.enabled: false"
        },
        {
            "", "    resilience: { circuit_breaker: { failure_rate_threshold: 0, minimum_requests: 10 } }\n",
            "sources.s.resilience.circuit_breaker.failure_rate_threshold: must be greater than 0: every rate is at least 0, so after "
            + "minimum_requests the first failure would open the breaker (upstream too); leave it out to judge by failure_threshold only"
        },
        {
            "global:\n  hooks: { memory_limit_mb: 0 }\n", "",
            "global.hooks.memory_limit_mb: must be at least 1, found 0: it would leave scripts no memory (upstream reads this key but "
            + "enforces no limit); leave it out for 256"
        },
        {
            "global:\n  hooks: { timeout_secs: 0 }\n", "",
            "global.hooks.timeout_secs: must be at least 1, found 0: 0 is not 'no timeout': upstream gives each hook call no time, so "
            + "every call fails; leave it out for 5"
        },
    };

    [Theory]
    [MemberData(nameof(Zeros))]
    public void Each_refused_zero_says_what_upstream_does_with_it_and_what_to_write(string global, string keys, string expected) =>
        Assert.Equal(new[] { expected }, Errors(keys, global));

    [Fact]
    public void A_negative_value_is_refused_without_the_zero_reason() =>
        Assert.Equal(new[] { "sources.s.max_bytes: must be at least 1, found -5" }, Errors("    max_bytes: -5\n"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
