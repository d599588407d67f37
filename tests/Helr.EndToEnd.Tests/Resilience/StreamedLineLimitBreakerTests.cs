using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Resilience;

/// <summary>
/// <c>max_line_bytes_behavior: fail</c> fails the page, not the API: the circuit breaker must not count
/// it, whether the page is read whole or streamed (a streamed page's windows are rendered while its body
/// is read, inside the request's pipeline, where it used to count as a failed request).
/// </summary>
public sealed class StreamedLineLimitBreakerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_page_failed_by_max_line_bytes_does_not_open_the_circuit_breaker(bool streamed)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var requests = 0;
        // Event 1500 is longer than max_line_bytes: streamed, the page has spilled by then.
        var body = "[" + string.Join(",\n  ", Enumerable.Range(0, 2000).Select(i =>
            i == 1500 ? Event($"e-{i}", i).Replace("xxxx", new string('y', 3000), StringComparison.Ordinal) : Event($"e-{i}", i))) + "]";
        api.OnGet("/logs", _ =>
        {
            Interlocked.Increment(ref requests);
            return FakeResponse.Json(body);
        });
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              logs:
                url: {api.Url("/logs")}
                schedule:
                  interval_secs: 1
                max_line_bytes: 2000
                max_line_bytes_behavior: fail
                resilience:
                  circuit_breaker:
                    failure_threshold: 1
                    half_open_timeout_secs: 3600
            """);
        var env = streamed ? Env(spool.Path) : new Dictionary<string, string?> { ["HELR_LOG_LEVEL"] = "debug" };
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path, env);
        const string Failed = "exceeds max_line_bytes";
        // Two failed cycles, or the breaker open after the first: whichever comes first.
        await Eventually.WaitAsync(() => Count(helr.Stderr, Failed) >= 2 || helr.Stderr.Contains("circuit breaker open", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => helr.Stderr);
        Assert.DoesNotContain("circuit breaker open", helr.Stderr);
        Assert.True(Volatile.Read(ref requests) >= 2);
        Assert.Equal(streamed, helr.Stderr.Contains("spilled to a temporary file", StringComparison.Ordinal));
        helr.Signal("TERM");
        await helr.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
