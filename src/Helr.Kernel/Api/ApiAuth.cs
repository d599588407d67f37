using System.Security.Cryptography;
using System.Text;
using Helr.Kernel.Config;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace Helr.Kernel.Api;

/// <summary>
/// <c>global.api.auth</c>: every route but the probes and the status page's HTML needs
/// <c>Authorization: Bearer &lt;token&gt;</c>. The probes stay open for Kubernetes; the page is static
/// (it holds no data) and sends the token it is given with each of its API calls.
/// </summary>
internal sealed class ApiAuth(ApiAuthConfig config, ILogger log, TimeProvider time)
{
    public static readonly string[] OpenPaths = HealthEndpoints.Paths.Append(StatusPage.Path).ToArray();

    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private string? _problem;
    private DateTimeOffset _warnedAt;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (IsOpen(http.Request.Path.Value ?? "/") || Accepted(http.Request.Headers.Authorization.ToString()))
        {
            await next(http);
            return;
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiJson.ErrorAsync(http, 401, "missing or wrong bearer token (global.api.auth)");
    }

    // As routing matches them: /healthz/ and /HEALTHZ are the probe too, and a probe written so got 401.
    private static bool IsOpen(string path)
    {
        if (path.Length > 1 && path.EndsWith('/')) path = path[..^1];
        return OpenPaths.Contains(path, StringComparer.OrdinalIgnoreCase);
    }

    // Read at each request so a rotated token file takes effect without a restart; compared in constant time.
    // Trimmed like the header's token: a variable set from a file ends in a newline no header can carry.
    private bool Accepted(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string expected;
        try
        {
            expected = config.Token.Resolve().Reveal().Trim();
        }
        catch (InvalidOperationException ex)
        {
            Unusable(ex.Message);
            return false;
        }
        if (expected.Length == 0)
        {
            Unusable(config.Token.FilePath is { } path
                ? $"{config.Token.KeyPath}_file: \"{path}\" is empty"
                : $"{config.Token.KeyPath}_env: environment variable {config.Token.EnvName} is empty");
            return false;
        }
        Usable();
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var wanted = Encoding.UTF8.GetBytes(expected);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(wanted));
    }

    // A token file gone or emptied (a secret mount lost, a rotation half done) refused every call with 401 and
    // logged nothing. Said once a minute while the cause stays the same, at once when it changes; never the token.
    private void Unusable(string problem)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (problem == _problem && now - _warnedAt < WarnEvery) return;
            _problem = problem;
            _warnedAt = now;
        }
        log.Warning("{Problem:l}: every API call is refused (401) until the token can be read", problem);
    }

    private void Usable()
    {
        lock (_gate)
        {
            if (_problem is null) return;
            _problem = null;
        }
        log.Information("global.api.auth: the token can be read again; API calls are answered");
    }
}
