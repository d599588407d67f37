using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Auth;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// <c>global.api.auth.token_file</c> is read at each request. A file that became unreadable (a secret mount
/// gone, a rotation that left it empty) made every API call answer 401 and nothing was logged: the operator
/// saw only their scripts failing. It is now a warning naming the file and why (never the token), at most
/// once a minute while the cause stays the same, and a line when the token can be read again.
/// </summary>
public sealed class ApiAuthTokenFileTests
{
    private const string TokenPath = "/run/secrets/helr-api-token";
    private const string Token = "s3cret-api-token";

    private readonly TestEnvironment _env = new();
    private readonly FakeTimeProvider _time = new();
    private readonly LogLines _lines = new();
    private readonly ApiAuth _auth;

    public ApiAuthTokenFileTests()
    {
        _env.Files[TokenPath] = Token + "\n";
        var source = new SecretSource { FilePath = TokenPath, KeyPath = "global.api.auth.token", Environment = _env };
        var log = new LoggerConfiguration().WriteTo.Sink(_lines).CreateLogger();
        _auth = new ApiAuth(new ApiAuthConfig(source), log, _time);
    }

    private async Task<int> CallAsync(string token)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/v1/sources";
        http.Request.Headers.Authorization = "Bearer " + token;
        await _auth.InvokeAsync(http, h => { h.Response.StatusCode = 200; return Task.CompletedTask; });
        return http.Response.StatusCode;
    }

    private int Warnings => _lines.WithLevels.Split('\n').Count(l => l.StartsWith("Warning:"));

    [Fact]
    public async Task An_unreadable_token_file_is_a_warning_naming_it_once_a_minute()
    {
        Assert.Equal(200, await CallAsync(Token));
        Assert.Equal("", _lines.Text);

        _env.Files.Remove(TokenPath);
        Assert.Equal(401, await CallAsync(Token));
        Assert.Equal(1, Warnings);
        Assert.Contains(TokenPath, _lines.Text);
        Assert.Contains("cannot read", _lines.Text);
        Assert.Contains("401", _lines.Text);

        // The same cause within the minute: no second line for every refused call.
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(401, await CallAsync(Token));
        Assert.Equal(1, Warnings);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(401, await CallAsync(Token));
        Assert.Equal(2, Warnings);

        // Another cause is said at once.
        _env.Files[TokenPath] = " \n";
        Assert.Equal(401, await CallAsync(Token));
        Assert.Equal(3, Warnings);
        Assert.Contains("is empty", _lines.Text);

        _env.Files[TokenPath] = Token;
        Assert.Equal(200, await CallAsync(Token));
        Assert.Contains("can be read again", _lines.Text);
        Assert.DoesNotContain(Token, _lines.Text);
    }

    [Fact]
    public async Task A_wrong_token_with_a_readable_file_logs_nothing()
    {
        Assert.Equal(401, await CallAsync("wrong"));
        Assert.Equal("", _lines.Text);
    }
}
