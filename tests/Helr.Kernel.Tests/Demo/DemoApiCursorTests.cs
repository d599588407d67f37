using System.Net;
using System.Net.Http.Headers;
using Helr.Kernel.Demo;

namespace Helr.Kernel.Tests.Demo;

/// <summary>
/// The demo's sample API read the event index from the first 8 characters of <c>after</c>: a stored cursor
/// shorter than that (a state edited by hand, <c>helr state set demo-okta next_url …</c>) threw, and the demo
/// got a bare 500, retried as a server fault; a longer one that was no index started again from the first
/// event. Both now answer 400 saying what <c>after</c> must be, as Okta answers a cursor it does not know.
/// </summary>
public sealed class DemoApiCursorTests : IAsyncLifetime
{
    private DemoApi _api = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _api = await DemoApi.StartAsync(20);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_api.BaseUrl}/api/v1/logs?limit=5{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", DemoApi.Token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0000000")]
    [InlineData("not-a-uuid-at-all")]
    public async Task A_cursor_that_is_no_event_id_is_a_400_saying_so(string after)
    {
        var (status, body) = await GetAsync("&after=" + after);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("after", body);
        Assert.Contains("uuid", body);
    }

    [Fact]
    public async Task A_cursor_from_a_page_resumes_after_it()
    {
        var (status, body) = await GetAsync("&after=" + DemoEvents.Uuid(4));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(DemoEvents.Uuid(5), body);
        Assert.DoesNotContain(DemoEvents.Uuid(4), body);
    }
}
