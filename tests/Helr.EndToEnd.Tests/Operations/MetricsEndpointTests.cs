using System.Globalization;
using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>global.metrics: the page is served by the real process, parses, and has every series docs/metrics.md lists.</summary>
public sealed partial class MetricsEndpointTests
{
    private const string Global = """
          metrics:
            enabled: true
            address: 127.0.0.1
            port: 0
        """;

    [Fact]
    public async Task The_page_has_every_documented_series_with_the_run_s_counts()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, Global);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));

        using var http = new HttpClient();
        using var response = await http.GetAsync(OperationsRun.MetricsUrl(helr.Stderr));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        var samples = Parse(page);

        var documented = DocumentedSeries();
        Assert.True(documented.Count >= 17, string.Join(", ", documented));
        var missing = documented.Where(name => !page.Contains($"# TYPE {name} ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"documented but not exposed: {string.Join(", ", missing)}\n{page}");
        // And nothing exposed goes undocumented.
        var exposed = TypeLine().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Empty(exposed.Except(documented));

        Assert.Equal(2, samples["helr_requests_total{source=\"s1\",status=\"2xx\"}"]);
        Assert.Equal(0, samples["helr_requests_total{source=\"s1\",status=\"4xx\"}"]);
        Assert.Equal(3, samples["helr_events_emitted_total{source=\"s1\"}"]);
        Assert.Equal(2, samples["helr_request_duration_seconds_count{source=\"s1\"}"]);
        Assert.Equal(1, samples["helr_poll_duration_seconds_count{source=\"s1\"}"]);
        Assert.Equal(0, samples["helr_circuit_breaker_state{source=\"s1\"}"]);
        Assert.True(samples["helr_response_bytes_total{source=\"s1\"}"] > 100);
        // The newest event is from 2020-01-03: years behind.
        var lag = samples["helr_source_lag_seconds{source=\"s1\"}"];
        var expected = (DateTimeOffset.UtcNow - DateTimeOffset.Parse("2020-01-03T00:00:00Z", CultureInfo.InvariantCulture)).TotalSeconds;
        Assert.InRange(lag, expected - 3600, expected + 3600);
        Assert.DoesNotContain(OperationsRun.Secret, page, StringComparison.Ordinal);

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_naming_the_key()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, Global.Replace("port: 0", $"port: {port}"));
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: OperationsRun.Env);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot listen on 127.0.0.1:{port} (global.metrics)", result.Stderr);
        Assert.Empty(api.Requests);
    }

    /// <summary>The series names in docs/metrics.md's table (first column, in backticks).</summary>
    internal static List<string> DocumentedSeries() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "metrics.md"))
            .Select(l => DocRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    private static Dictionary<string, double> Parse(string page)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in page.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"not a sample line: {line}");
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return samples;
    }

    [GeneratedRegex(@"^\| `(helr_[a-z_]+)` \|")]
    private static partial Regex DocRow();

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
