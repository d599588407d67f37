using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>An authenticator's context for authenticators that never send anything.</summary>
internal static class AuthStub
{
    public static AuthContext Context() => new() { SourceId = "s", Sender = new NoSender(), Log = new RecordingLogger() };

    private sealed class NoSender : IHttpSender
    {
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("static credentials send nothing");
    }
}
