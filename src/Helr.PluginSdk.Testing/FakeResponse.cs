using System.Text;

namespace Helr.PluginSdk.Testing;

/// <summary>What the fake vendor answers.</summary>
public sealed record FakeResponse
{
    /// <summary>HTTP status code.</summary>
    public int Status { get; init; } = 200;
    /// <summary>The body bytes.</summary>
    public byte[] Body { get; init; } = Array.Empty<byte>();
    /// <summary>The Content-Type header.</summary>
    public string ContentType { get; init; } = "application/json";
    /// <summary>Extra response headers, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Send the headers and this many body bytes, then stall until the client gives up.</summary>
    public int? StallAfterBytes { get; init; }

    /// <summary>Wait this long before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Send the headers (Content-Length = the whole body) and this many body bytes, then drop the connection.</summary>
    public int? AbortAfterBytes { get; init; }

    /// <summary>
    /// Writes the body itself instead of <see cref="Body"/> (for bodies too large to hold in memory).
    /// The response ends when the task completes; a client that hangs up ends it early, quietly.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? BodyWriter { get; init; }

    /// <summary>Content-Length to announce for a <see cref="BodyWriter"/> body; null sends it chunked.</summary>
    public long? ContentLength { get; init; }

    /// <summary>A JSON body with <paramref name="status"/>.</summary>
    public static FakeResponse Json(string body, int status = 200) => new() { Status = status, Body = Encoding.UTF8.GetBytes(body) };

    /// <summary>A text body of <paramref name="contentType"/> with <paramref name="status"/>.</summary>
    public static FakeResponse Text(string body, int status, string contentType = "text/plain") =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(body), ContentType = contentType };

    /// <summary>Raw body bytes, sent as application/json.</summary>
    public static FakeResponse Raw(byte[] body, int status = 200) => new() { Status = status, Body = body };

    /// <summary>A body produced by <paramref name="write"/> while it is sent, never held in memory.</summary>
    public static FakeResponse Streamed(Func<Stream, CancellationToken, Task> write, long? contentLength = null, int status = 200) =>
        new() { Status = status, BodyWriter = write, ContentLength = contentLength };

    /// <summary>This response with one more header.</summary>
    public FakeResponse WithHeader(string name, string value) => this with { Headers = Headers.Append(new(name, value)).ToList() };

    /// <summary>Adds <c>Link: &lt;url&gt;; rel="next"</c>.</summary>
    public FakeResponse WithNext(string url) => WithHeader("Link", $"<{url}>; rel=\"next\"");
}
