using System.Net.Http.Headers;
using System.Text.Json;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Sources;

namespace TokenVendorPlugin;

/// <summary>OAuth2 client credentials: the token is fetched through the SDK's token sender and cached until a 401.</summary>
public sealed class ClientCredentialsAuthenticator(Uri tokenUrl, string clientId, SecretSource secret) : IAuthenticator
{
    private string? _token;

    public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        _token ??= await FetchAsync(context, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken)
    {
        _token = null;
        return ValueTask.FromResult(true);
    }

    private async Task<string> FetchAsync(AuthContext context, CancellationToken ct)
    {
        using var response = await context.Sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret.Resolve().Reveal(),
            }),
        }, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"token endpoint answered HTTP {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        context.Log.Debug("fetched an access token valid for {ExpiresIn} s", json.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 0);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
