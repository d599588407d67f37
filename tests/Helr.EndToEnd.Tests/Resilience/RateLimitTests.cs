using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class RateLimitTests
{
    private static void ServePages(FakeVendorServer api, int pages, Func<int, FakeResponse, FakeResponse>? decorate = null) =>
        api.OnGet("/logs", r =>
        {
            var page = int.Parse(r.Param("page") ?? "1");
            var response = FakeResponse.Json($$"""[{"id":"p{{page}}"}]""");
            if (page < pages) response = response.WithNext(api.Url($"/logs?page={page + 1}"));
            return decorate?.Invoke(page, response) ?? response;
        });

    private const string Paging = """
        pagination:
          strategy: link_header
        """;

    [Fact]
    public async Task The_token_bucket_limits_the_request_rate()
    {
        await using var api = await FakeVendorServer.StartAsync();
        ServePages(api, 11);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            rate_limit:
              max_requests_per_second: 5
              burst_size: 1
            """, Paging));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(11, result.Lines.Count);
        var times = api.Requests.Select(r => r.ReceivedAt).ToList();
        // 11 requests at 5/s with no burst take 2 s; the first refill may come early, so allow one period and some slack.
        var span = times[^1] - times[0];
        Assert.True(span >= TimeSpan.FromSeconds(1.5), $"11 requests took {span}");
    }

    [Fact]
    public async Task Burst_size_lets_the_first_requests_through_together()
    {
        await using var api = await FakeVendorServer.StartAsync();
        ServePages(api, 8);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            rate_limit:
              max_requests_per_second: 0.5
              burst_size: 5
            """, Paging));

        await HelrProcess.RunOnceAsync(config, dir);
        var times = api.Requests.Select(r => r.ReceivedAt).ToList();
        // That the first five go out together is TokenBucketTests' (kernel) to show, without a clock:
        // an upper bound on real time here would fail on a busy machine.
        // Then one token every 2 s: the 6th and the 8th are two refills apart.
        Assert.True(times[7] - times[5] >= TimeSpan.FromSeconds(3), $"6th to 8th took {times[7] - times[5]}");
    }

    [Fact]
    public async Task A_rate_too_low_for_the_bucket_is_a_validate_error_and_the_lowest_allowed_one_runs()
    {
        // 0.0000001 passed helr validate, then every run failed: "cannot be started … TimeSpan overflowed".
        await using var api = await FakeVendorServer.StartAsync();
        ServePages(api, 1);
        using var dir = new TempDir();
        var tooLow = dir.Write("low.yaml", ResilienceYaml.Source(api.Url("/logs"), "rate_limit: { max_requests_per_second: 0.0000001 }", Paging));
        var lowest = dir.Write("lowest.yaml", ResilienceYaml.Source(api.Url("/logs"), "rate_limit: { max_requests_per_second: 0.000001 }", Paging));

        var refused = await HelrProcess.RunAsync($"validate -c {tooLow}", dir.Path);
        var ran = await HelrProcess.RunOnceAsync(lowest, dir);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("sources.s1.resilience.rate_limit.max_requests_per_second: must be 0 (no cap) or at least 0.000001", refused.Stderr);
        Assert.DoesNotContain("Exception", refused.Stderr);
        Assert.Single(ran.Lines);
    }

    [Fact]
    public async Task Page_delay_spaces_the_pages_of_a_cycle()
    {
        await using var api = await FakeVendorServer.StartAsync();
        ServePages(api, 3);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), "rate_limit: { page_delay_secs: 0.5 }", Paging));

        await HelrProcess.RunOnceAsync(config, dir);
        var times = api.Requests.Select(r => r.ReceivedAt).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(450), $"gap {times[1] - times[0]}");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(450), $"gap {times[2] - times[1]}");
    }

    [Fact]
    public async Task Adaptive_waits_for_the_reset_when_remaining_is_low_using_custom_header_names()
    {
        await using var api = await FakeVendorServer.StartAsync();
        ServePages(api, 2, (page, response) => page == 1
            ? response.WithHeader("x-ratelimit-used-up", "1").WithHeader("x-ratelimit-left", "1")
                .WithHeader("x-ratelimit-until", DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString())
            : response);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            rate_limit:
              adaptive: true
              headers:
                limit_header: x-ratelimit-used-up
                remaining_header: x-ratelimit-left
                reset_header: x-ratelimit-until
            """, Paging));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "p1", "p2" }, result.Lines.EventField("id"));
        var times = api.Requests.Select(r => r.ReceivedAt).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"gap {times[1] - times[0]}");
        Assert.Contains("rate-limit window to reset", result.Stderr);
    }

    [Fact]
    public async Task Max_concurrent_sources_polls_one_source_at_a_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a"}]""") with { Delay = TimeSpan.FromMilliseconds(700) });
        api.OnGet("/b", _ => FakeResponse.Json("""[{"id":"b"}]""") with { Delay = TimeSpan.FromMilliseconds(700) });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              bulkhead:
                max_concurrent_sources: 1
                max_concurrent_requests: 1
            sources:
              a:
                url: {api.Url("/a")}
              b:
                url: {api.Url("/b")}
            """);

        await HelrProcess.RunOnceAsync(config, dir);
        var times = api.Requests.Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(2, times.Count);
        // The second source starts only after the first one's slow response is done.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(600), $"gap {times[1] - times[0]}");
    }
}
