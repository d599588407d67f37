using System.Text;
using Helr.Kernel.Http;
using Xunit;

namespace Helr.Kernel.Tests.Http;

public sealed class HttpWarmupTests
{
    [Fact]
    public async Task The_canned_page_goes_through_the_http_stack_and_the_scanner_whole()
    {
        var (body, events) = await HttpWarmup.FetchAsync();

        Assert.Equal(HttpWarmup.Body, body.ToArray());
        Assert.Equal(2, events.Count);
        Assert.Contains("\"uuid\":\"w1\"", Encoding.UTF8.GetString(body.Span[events[0]]));
        Assert.Contains("\"uuid\":\"w2\"", Encoding.UTF8.GetString(body.Span[events[1]]));
    }

    [Fact]
    public void A_canned_connection_drops_what_is_written_and_reads_its_response_once()
    {
        var response = Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\n\r\n");
        using var connection = new CannedConnection(response);
        connection.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"));

        var read = new byte[response.Length + 10];
        var first = connection.Read(read.AsSpan(0, 10));
        var rest = connection.Read(read.AsSpan(10));

        Assert.Equal(response, read.AsSpan(0, first + rest).ToArray());
        Assert.Equal(0, connection.Read(read));
    }
}
