using System.Text;

namespace Helr.PluginSdk.Testing;

/// <summary>What the fake vendor answers.</summary>
public sealed record FakeResponse
{
    public int Status { get; init; } = 200;
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public string ContentType { get; init; } = "application/json";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>Send the headers and this many body bytes, then stall until the client gives up.</summary>
    public int? StallAfterBytes { get; init; }

    /// <summary>Wait this long before answering.</summary>
    public TimeSpan Delay { get; init; }

    public static FakeResponse Json(string body, int status = 200) => new() { Status = status, Body = Encoding.UTF8.GetBytes(body) };

    public static FakeResponse Text(string body, int status, string contentType = "text/plain") =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(body), ContentType = contentType };

    public static FakeResponse Raw(byte[] body, int status = 200) => new() { Status = status, Body = body };

    public FakeResponse WithHeader(string name, string value) => this with { Headers = Headers.Append(new(name, value)).ToList() };

    /// <summary>Adds <c>Link: &lt;url&gt;; rel="next"</c>.</summary>
    public FakeResponse WithNext(string url) => WithHeader("Link", $"<{url}>; rel=\"next\"");
}
