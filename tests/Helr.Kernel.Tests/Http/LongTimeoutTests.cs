using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// Timeout keys accept up to a year (31,536,000 s, "practically none"); the .NET timers and the
/// connect timeout underneath take far less (24.8 and 49.7 days).
/// </summary>
public sealed class LongTimeoutTests
{
    [Fact]
    public async Task The_largest_allowed_timeouts_still_let_a_request_through()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        const double year = 31_536_000;
        var config = new ResilienceConfig
        {
            TimeoutSecs = year,
            Timeouts = new TimeoutsConfig { ConnectSecs = year, RequestSecs = year, ReadSecs = year, IdleSecs = year },
        };
        using var client = new SourceHttpClient("s1", null, null, config, null, TimeProvider.System, Logger.None);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
