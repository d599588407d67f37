using System.IO.Compression;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>Compressed bodies: decoded, and <c>max_response_bytes</c> counts the decoded bytes (a small gzip can hold gigabytes).</summary>
public sealed class CompressedBodyTests
{
    public static readonly TheoryData<string> Encodings = new() { "gzip", "br" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_compressed_body_is_decoded(string encoding)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Raw(Compress(encoding, """[{"id":1}]""")).WithHeader("Content-Encoding", encoding));
        using var client = Client(maxResponseBytes: 1024);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None);

        Assert.Equal("""[{"id":1}]""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task The_size_limit_counts_the_decoded_bytes(string encoding)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var body = Compress(encoding, "[" + new string(' ', 1_000_000) + "]");
        Assert.True(body.Length < 64 * 1024);
        api.OnGet("/logs", _ => FakeResponse.Raw(body).WithHeader("Content-Encoding", encoding));
        using var client = Client(maxResponseBytes: 64 * 1024);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() =>
            client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None));
    }

    private static SourceHttpClient Client(long maxResponseBytes) =>
        new("s1", null, maxResponseBytes, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 } }, null, TimeProvider.System, Logger.None);

    private static byte[] Compress(string encoding, string text)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "br" ? new BrotliStream(output, CompressionLevel.Fastest) : new GZipStream(output, CompressionLevel.Fastest))
            compressor.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}
