using System.Net;
using System.Text;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

/// <summary>A token endpoint as a function: each request gets the next answer the test wrote.</summary>
internal sealed class ScriptedSender(Func<int, HttpResponseMessage> answer) : IHttpSender
{
    private int _count;

    public int Count => _count;

    /// <summary>The requests sent, in order.</summary>
    public List<HttpRequestMessage> Requests { get; } = new();

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var request = createRequest();
        lock (Requests) Requests.Add(request);
        await Task.Yield();
        var response = answer(Interlocked.Increment(ref _count));
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public AuthContext Context(TimeProvider? time = null) =>
        new() { SourceId = "s", Sender = this, Log = new RecordingLogger(), Time = time ?? TimeProvider.System };
}
