using Helr.Kernel.Observability.Telemetry.Events;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Http;

internal sealed partial class SourceHttpClient
{
    /// <summary>The sender an authenticator gets: same connection and resilience, no credentials, no 401 refresh.</summary>
    private sealed class TokenSender(SourceHttpClient http, string sourceId) : IHttpSender
    {
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct)
        {
            http._telemetry.Emit(new TokenRequested(sourceId));
            // A token request's body holds the client's secrets: it must not follow a redirect elsewhere.
            return http.SendRecordedAsync(() =>
            {
                var request = createRequest();
                request.Options.Set(Text.CredentialHeaders.InBody, true);
                request.Options.Set(Text.CredentialHeaders.ForToken, true);
                return request;
            }, credentials: false, ct);
        }
    }
}
