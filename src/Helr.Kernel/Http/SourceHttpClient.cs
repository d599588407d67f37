using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Resilience;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Polly;
using Serilog;

namespace Helr.Kernel.Http;

/// <summary>
/// The HTTP side of one source: its own connection pool (timeouts, TLS), its authenticator,
/// User-Agent, a bounded body reader, and the source's resilience pipelines (retries, rate limits,
/// circuit breaker, bulkhead, timeouts). Every request a source makes — data pages and token
/// fetches — goes through <see cref="SendAsync"/> or <see cref="FetchPageAsync"/>.
/// </summary>
internal sealed partial class SourceHttpClient : IHttpSender, IDisposable
{
    /// <summary>Largest body read when the source sets no <c>max_response_bytes</c>.</summary>
    public const long DefaultMaxResponseBytes = 256L * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly IAuthenticator? _auth;
    private readonly long _maxBody;
    private readonly ResilienceConfig _config;
    private readonly SourcePipelines _pipelines;
    private readonly TimeProvider _time;
    private readonly string _sourceId;
    private readonly Telemetry _telemetry;

    private readonly IReadOnlyList<Uri> _credentialOrigins;
    private readonly SourceCredentialCheck _credentialCheck;
    private readonly AuthContext _authContext;
    private readonly AuthContext _hopAuthContext;
    private volatile string[] _sentCredentialValues = []; // the latest request's, told to Secrets under "sent"
    private readonly Replay.HttpTap? _tap;
    private readonly Func<System.Net.IWebProxy?> _proxy; // asked only when a 407 comes (ThroughProxy)

    /// <param name="handler">The handler to send through instead of the shared connection pool (the start-up warm-up's canned connection).</param>
    /// <param name="secrets">The source's credentials, which this client adds those it sends to, for what is printed on the plugin's behalf.</param>
    /// <param name="configuredHeaders">The source's configured <c>headers</c>, which go to its credential origins only.</param>
    /// <param name="credentialOrigins">The origins the source declares for its credentials (<c>ISource.CredentialOrigins</c>); empty: no restriction (a source without an authenticator).</param>
    public SourceHttpClient(string sourceId, IAuthenticator? auth, long? maxResponseBytes, ResilienceConfig resilience,
        int? defaultMaxConcurrentRequests, TimeProvider time, ILogger log, IReadOnlyList<Uri>? credentialOrigins = null, ICredentialStore? credentials = null,
        Telemetry? telemetry = null, Replay.HttpTap? tap = null, int maxConnectionsPerHost = BulkheadConfig.DefaultMaxConnectionsPerHost,
        HttpMessageHandler? handler = null, Text.SecretScrubber? secrets = null, IReadOnlyList<KeyValuePair<string, string>>? configuredHeaders = null)
    {
        _sourceId = sourceId;
        Secrets = secrets ?? new Text.SecretScrubber([]);
        _credentialCheck = new SourceCredentialCheck(configuredHeaders ?? [], Secrets);
        _tap = tap;
        _telemetry = telemetry ?? Telemetry.Create(log, time);
        _credentialOrigins = credentialOrigins ?? Array.Empty<Uri>();
        _authContext = new AuthContext
        {
            SourceId = sourceId, Sender = new TokenSender(this, sourceId), Time = time, Log = new Observability.PluginLogger(log, Secrets, time), Credentials = credentials,
        };
        _hopAuthContext = new AuthContext
        {
            SourceId = sourceId, Sender = new NoTokenRequests(), Time = time, Log = _authContext.Log, Credentials = credentials,
        };
        _proxy = handler is null ? () => HttpClient.DefaultProxy : handler is SocketsHttpHandler { UseProxy: true } s ? () => s.Proxy ?? HttpClient.DefaultProxy : () => null;
        handler ??= tap is null
            ? HttpHandlerFactory.Create(resilience, maxConnectionsPerHost)
            : tap.CreateHandler(sourceId, () => HttpHandlerFactory.Create(resilience, maxConnectionsPerHost));
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _auth = auth;
        _maxBody = maxResponseBytes ?? DefaultMaxResponseBytes;
        _config = resilience;
        _time = time;
        _pipelines = PipelineFactory.Create(sourceId, resilience, defaultMaxConcurrentRequests, time, log, _telemetry, Secrets);
    }

    /// <summary>The source's circuit breaker state (for logs and the health surface).</summary>
    public CircuitStatus Circuit => _pipelines.Circuit;

    /// <summary>
    /// Sends the request with every resilience rule and returns the final response with its body
    /// already read (up to the size limit, under the read timeout), so a caller cannot hang on it.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct) =>
        SendRecordedAsync(createRequest, credentials: true, ct);

    private async Task<HttpResponseMessage> SendRecordedAsync(Func<HttpRequestMessage> createRequest, bool credentials, CancellationToken ct)
    {
        var response = await ExecuteAsync(createRequest, BufferBodyAsync, credentials, ct, pluginRequest: credentials);
        _tap?.Record(_sourceId, response, await response.Content.ReadAsByteArrayAsync(ct), tokenResponse: !credentials);
        return response;
    }

    /// <summary>Sends a page request and reads its whole body (up to the size limit) into <paramref name="buffer"/>.</summary>
    /// <remarks>
    /// For 2xx responses a scanner from <paramref name="startScan"/> is fed the body as it arrives; each
    /// attempt gets a fresh one, and the one that read the final response is returned.
    /// </remarks>
    /// <param name="stream">For a source that can take a page's events in windows: the sink of the response's (each attempt's) events, or null to read it whole.</param>
    public async Task<(PageResponse Response, IEventScanner? Scanner)> FetchPageAsync(
        PageRequest page, PageBuffer buffer, CancellationToken ct, Func<IEventScanner>? startScan = null, Func<HttpResponseMessage, IBodyWindowSink?>? stream = null)
    {
        ReadOnlyMemory<byte> body = default;
        long length = 0;
        IEventScanner? scanner = null;
        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await ExecuteAsync(() => PageRequestMessage.Create(page), async (r, deadline) =>
            {
                scanner = r.IsSuccessStatusCode ? startScan?.Invoke() : null;
                (body, length) = await ReadPageBodyAsync(r, buffer, scanner, stream, deadline);
                return body;
            }, credentials: true, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _telemetry.Emit(new RequestFailed(_sourceId, _time.GetElapsedTime(started)));
            throw;
        }
        using var _ = response;
        _tap?.Record(_sourceId, response, body.Span, tokenResponse: false);
        _telemetry.Emit(new PageFetched(_sourceId, (int)response.StatusCode, length, _time.GetElapsedTime(started)));
        var headers = PageHeaders.From(response);
        var url = response.RequestMessage?.RequestUri ?? page.Url;
        return (new PageResponse { Request = page, StatusCode = (int)response.StatusCode, Url = url, Headers = headers, Body = body }, scanner);
    }

    /// <summary>The fixed pause between two pages of one cycle (<c>rate_limit.page_delay_secs</c>).</summary>
    public Task DelayBetweenPagesAsync(CancellationToken ct) =>
        _config.RateLimit.PageDelaySecs is > 0 and var secs ? Task.Delay(TimeSpan.FromSeconds(secs), _time, ct) : Task.CompletedTask;

    private async Task<HttpResponseMessage> ExecuteAsync(Func<HttpRequestMessage> create, Func<HttpResponseMessage, AttemptDeadline, Task<ReadOnlyMemory<byte>>> readBody,
        bool credentials, CancellationToken ct, bool pluginRequest = false)
    {
        var attempts = 0;
        var refreshed = false;
        var resilience = ResilienceContextPool.Shared.Get(ct);
        resilience.Properties.Set(CircuitBreakerStrategy.NestedTokenRequest, !credentials);
        // Pages and token requests are reads whatever their method; a plugin's own request may not be.
        if (pluginRequest) create = RetryPolicy.Marking(create, resilience);
        try
        {
            return await _pipelines.Request.ExecuteAsync(async context =>
            {
                var token = context.CancellationToken;
                attempts++;
                var response = await AttemptAsync(create, readBody, credentials, token);
                // Credentials may have expired: the authenticator gets one chance per request to renew them. Not for a token
                // request (credentials: false: that would recurse), nor a 401 from an origin a redirect sent none to.
                if (response.StatusCode == HttpStatusCode.Unauthorized && _auth is not null && !refreshed && credentials && !RedirectHandler.AnsweredWithoutCredentials(response))
                {
                    refreshed = true;
                    if (await RenewCredentialsAsync(response, token))
                    {
                        response.Dispose();
                        response = await AttemptAsync(create, readBody, credentials, token);
                    }
                }
                return response;
            }, resilience);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && Describe(ex) is { } reason)
        {
            throw new HttpRequestException(attempts > 1 ? $"{reason} (after {attempts} attempts)" : reason, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async Task<ReadOnlyMemory<byte>> BufferBodyAsync(HttpResponseMessage response, AttemptDeadline deadline)
    {
        var ct = deadline.Token;
        await using var stream = WithReadTimeout(await response.Content.ReadAsStreamAsync(ct));
        var buffer = new PageBuffer();
        var body = (await buffer.ReadAllAsync(stream, _maxBody, ct)).ToArray();
        buffer.Recycle(); // copied out, and no read in flight: a small buffer goes back to be shared
        var content = new ByteArrayContent(body);
        // Content-Length is the new content's own: the buffered body may be shorter (a dropped byte order mark).
        foreach (var h in response.Content.Headers)
        {
            if (!string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }
        response.Content.Dispose();
        response.Content = content;
        return body;
    }

    private Stream WithReadTimeout(Stream body) =>
        _config.Timeouts.ReadSecs is { } secs
            ? new ReadTimeoutStream(body, TimeSpan.FromSeconds(Math.Min(secs, HttpHandlerFactory.LongestTimeout.TotalSeconds)), _time)
            : body;

    public void Dispose() { _client.Dispose(); _pipelines.Dispose(); }
}
