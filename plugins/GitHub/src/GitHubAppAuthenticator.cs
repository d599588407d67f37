using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>
/// <c>auth: {type: github_app, app_id, installation_id, private_key_env | private_key_file}</c>: signs
/// a JWT with the App's key, trades it for an installation token at
/// <c>POST /app/installations/{id}/access_tokens</c> through the SDK's token sender, and uses that
/// token until five minutes before it expires (GitHub's tokens last an hour).
/// </summary>
internal sealed class GitHubAppAuthenticator : IAuthenticator
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly string _appId;
    private readonly string _installationId;
    private readonly SecretSource _privateKey;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly GitHubClock _clock = new();
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    public GitHubAppAuthenticator(string appId, string installationId, Uri tokenUrl, SecretSource privateKey)
    {
        _appId = appId;
        _installationId = installationId;
        TokenUrl = tokenUrl;
        _privateKey = privateKey;
    }

    public Uri TokenUrl { get; }

    public static GitHubAppAuthenticator? Read(ConfigNode auth, Uri? url, IHelrEnvironment environment)
    {
        auth.String("type");
        var appId = auth.String("app_id", required: true);
        var installation = auth.String("installation_id", required: true);
        var key = SecretSource.Read(auth, "private_key", environment);
        if (installation is not null && !installation.All(char.IsAsciiDigit)) auth.Fail("installation_id", $"'{installation}' is not a number (the installation's id, from its settings URL)");
        // As private_key_jwt keys are: else validate passed and every cycle failed (a variable holding the key's path, say).
        if (key is not null && key.Problem() is null && !GitHubAppJwt.IsKey(GitHubAppJwt.Pem(key.Resolve().Reveal())))
            auth.Fail(key.FilePath is null ? "private_key_env" : "private_key_file", GitHubAppJwt.NotAKey);
        if (appId is null || installation is null || key is null || url is null || auth.Errors.HasErrors) return null;
        return new GitHubAppAuthenticator(appId, installation, new Uri(ApiRoot(url), $"app/installations/{installation}/access_tokens"), key);
    }

    public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(context, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _cached = null;
        }
        finally
        {
            _lock.Release();
        }
        return true;
    }

    private async Task<string> TokenAsync(AuthContext context, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = context.Time.GetUtcNow();
            if (_cached is { } cached && now < cached.ExpiresAt - RefreshMargin) return cached.Token;
            var pem = GitHubAppJwt.Pem(_privateKey.Resolve().Reveal());
            for (var attempt = 1; ; attempt++)
            {
                var signedOn = _clock.Offset;
                var jwt = GitHubAppJwt.Create(_appId, pem, now + signedOn, _privateKey.KeyPath + (_privateKey.FilePath is null ? "_env" : "_file"));
                using var response = await context.Sender.SendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
                    foreach (var (name, value) in GitHubOptions.Headers) request.Headers.TryAddWithoutValidation(name, value);
                    return request;
                }, cancellationToken);
                // Read on arrival: the sender may have waited out retries since the request was first sent.
                _clock.Observe(response, context.Time.GetUtcNow());
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    // GitHub judges iat and exp by its own clock: signed again on it, a drifted host clock is no refusal.
                    if (attempt == 1 && response.StatusCode == HttpStatusCode.Unauthorized && _clock.Moved(signedOn))
                    {
                        now = context.Time.GetUtcNow();
                        continue;
                    }
                    // An HttpRequestException is what the host reads as "cannot get credentials": reported as such, and
                    // not counted against the API by the circuit breaker (the token request had its own accounting).
                    throw new HttpRequestException($"GitHub App installation token request to {TokenUrl.AbsolutePath} failed: HTTP {(int)response.StatusCode} {Message(body)}{Hint(response.StatusCode)}",
                        null, response.StatusCode);
                }
                var (token, expiresAt) = Parse(body, context.Time.GetUtcNow() + _clock.Offset, TokenUrl);
                context.Log.Debug("got a GitHub App installation token valid until {ExpiresAt}", expiresAt.ToString("O"));
                // expires_at is on GitHub's clock; kept on this host's, so a drifted clock neither outlives the token nor refetches it for every request.
                _cached = (token, expiresAt - _clock.Offset);
                return token;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    // GitHub answers both alike, with no word of which setting is wrong.
    private string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => $" (installation_id {_installationId} is no installation of the App with app_id {_appId}: "
            + "take it from the installation's settings URL, .../settings/installations/<id>)",
        HttpStatusCode.Unauthorized => $" (GitHub refused the App's JWT: app_id {_appId} must be the App's id or client ID, and the private key one of that App's keys)",
        _ => "",
    };

    private static (string Token, DateTimeOffset ExpiresAt) Parse(byte[] body, DateTimeOffset now, Uri tokenUrl)
    {
        using var doc = ParseJson(body, tokenUrl);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
            throw new HttpRequestException($"GitHub's installation token response from {tokenUrl.AbsolutePath} has no token");
        // .NET refuses it only when the header is sent ("New-line or NUL characters are not allowed in header
        // values"), naming neither the token request nor the source, and the token stayed cached until its expiry.
        if (token.GetString()!.Any(char.IsControl))
            throw new HttpRequestException($"GitHub's installation token response from {tokenUrl.AbsolutePath} holds a token with a line break or control character, which a header cannot carry");
        var expires = root.TryGetProperty("expires_at", out var e) && e.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(e.GetString(), out var at)
            ? at
            : now.AddHours(1);
        return (token.GetString()!, expires);
    }

    // A proxy in front of GitHub (an SSO login page, a captive portal) may answer 200 with its own page: thrown
    // as it is, .NET's "'<' is an invalid start of a value" named neither GitHub nor the token request.
    private static JsonDocument ParseJson(byte[] body, Uri tokenUrl)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"GitHub's installation token response from {tokenUrl.AbsolutePath} is not JSON (a proxy's page in front of GitHub?)");
        }
    }

    // GitHub's error bodies are {"message": "...", "documentation_url": "..."}; they never echo the JWT.
    private static string Message(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString()!;
        }
        catch (JsonException)
        {
        }
        return "(no message)";
    }

    // https://api.github.com for github.com; https://host/api/v3 for GitHub Enterprise Server.
    private static Uri ApiRoot(Uri url)
    {
        var path = url.AbsolutePath;
        foreach (var marker in new[] { "/orgs/", "/enterprises/" })
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) return new Uri(url.GetLeftPart(UriPartial.Authority) + path[..at] + "/");
        }
        return new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
    }
}
