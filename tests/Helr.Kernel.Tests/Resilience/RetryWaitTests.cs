using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>How long a retry waits (server headers, else backoff), measured on a fake clock.</summary>
public sealed class RetryWaitTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The request timeout runs on the fake clock too: a day, so stepping the clock never cuts off an exchange.
    private const double NoTimeout = 86_400;

    private static Task<(HttpResponseMessage Response, List<DateTimeOffset> Sent)> RunAsync(RetriesConfig retries, params FakeResponse[] responses) =>
        RunAsync(retries, TimeSpan.FromMilliseconds(100), responses);

    private static async Task<(HttpResponseMessage Response, List<DateTimeOffset> Sent)> RunAsync(RetriesConfig retries, TimeSpan step, params FakeResponse[] responses)
    {
        var time = new FakeTimeProvider(Start);
        await using var api = await FakeVendorServer.StartAsync();
        var sent = new List<DateTimeOffset>();
        api.OnGet("/logs", _ =>
        {
            lock (sent)
            {
                sent.Add(time.GetUtcNow());
                return responses[Math.Min(sent.Count, responses.Length) - 1];
            }
        });
        using var client = new SourceHttpClient("s1", null, null, new ResilienceConfig { Retries = retries, TimeoutSecs = NoTimeout }, null, time, Logger.None);
        var response = await time.AdvanceUntilAsync(
            client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None), step);
        return (response, sent);
    }

    [Fact]
    public async Task A_429_waits_its_Retry_After_seconds_even_with_no_backoff()
    {
        var (response, sent) = await RunAsync(new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 },
            FakeResponse.Json("{}", 429).WithHeader("Retry-After", "30"), FakeResponse.Json("[]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromSeconds(30), $"retried after {sent[1] - sent[0]}");
    }

    [Fact]
    public async Task Backoff_doubles_between_attempts()
    {
        var (response, sent) = await RunAsync(new RetriesConfig { MaxAttempts = 4, InitialBackoffSecs = 10, Jitter = 0 },
            FakeResponse.Json("{}", 503), FakeResponse.Json("{}", 503), FakeResponse.Json("{}", 503), FakeResponse.Json("[]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var gaps = sent.Zip(sent.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.True(gaps[0] >= TimeSpan.FromSeconds(10) && gaps[1] >= TimeSpan.FromSeconds(20) && gaps[2] >= TimeSpan.FromSeconds(40), $"gaps {string.Join(", ", gaps)}");
    }

    // A Unix time in milliseconds where seconds belong: past TimeSpan's range, it failed the request
    // (an OverflowException, counted against the breaker) instead of waiting the capped hour.
    [Fact]
    public async Task A_Retry_After_too_large_for_a_TimeSpan_waits_the_capped_hour()
    {
        var (response, sent) = await RunAsync(new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 }, TimeSpan.FromMinutes(1),
            FakeResponse.Json("{}", 429).WithHeader("Retry-After", "1733480000000"), FakeResponse.Json("[]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1] - sent[0] >= RetryAfterDelay.MaxServerWait, $"retried after {sent[1] - sent[0]}");
    }

    // "Retry-After: 0", or a date our clock already passed (the server's clock a few seconds behind):
    // retrying at once spent every attempt within milliseconds on the API that just refused. As
    // upstream, a zero server wait falls back to the backoff.
    [Theory]
    [InlineData("0")]
    [InlineData("Tue, 31 Dec 2024 23:59:50 GMT")]
    public async Task A_429_whose_Retry_After_is_already_due_waits_the_backoff(string retryAfter)
    {
        var (response, sent) = await RunAsync(new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 10, Jitter = 0 },
            FakeResponse.Json("{}", 429).WithHeader("Retry-After", retryAfter), FakeResponse.Json("[]"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1] - sent[0] >= TimeSpan.FromSeconds(10), $"retried after {sent[1] - sent[0]}");
    }
}
