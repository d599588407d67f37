using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// A fake vendor API served by real Kestrel on 127.0.0.1 with an ephemeral port. Rules match on
/// method and path (first added wins); every request is recorded so tests can assert on what Helr
/// sent and await requests instead of sleeping.
/// </summary>
public sealed class FakeVendorServer : IAsyncDisposable
{
    private readonly List<(string Method, string Path, Func<RecordedRequest, FakeResponse> Handler)> _rules = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private WebApplication? _app;

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Starts a server on 127.0.0.1 with an ephemeral port; HTTPS when <paramref name="tls"/> is given.</summary>
    public static async Task<FakeVendorServer> StartAsync(FakeServerTls? tls = null)
    {
        var server = new FakeVendorServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls is null) return;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = tls.ServerCertificate;
                if (tls.ClientCertificateAuthority is not null)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (cert, _, _) => tls.ValidateClient(cert);
                }
            });
        }));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1").TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Absolute URL for a path on this server.</summary>
    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery.TrimStart('/')).AbsoluteUri;

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with the handler's response.</summary>
    public FakeVendorServer On(string method, string path, Func<RecordedRequest, FakeResponse> handler)
    {
        lock (_rules) _rules.Add((method.ToUpperInvariant(), path, handler));
        return this;
    }

    /// <summary>Answers GET <paramref name="path"/> with the handler's response.</summary>
    public FakeVendorServer OnGet(string path, Func<RecordedRequest, FakeResponse> handler) => On("GET", path, handler);

    /// <summary>Answers POST <paramref name="path"/> with the handler's response.</summary>
    public FakeVendorServer OnPost(string path, Func<RecordedRequest, FakeResponse> handler) => On("POST", path, handler);

    /// <summary>Answers with <paramref name="responses"/> in order; the last one repeats.</summary>
    public FakeVendorServer OnSequence(string method, string path, params FakeResponse[] responses)
    {
        var next = -1;
        return On(method, path, _ => responses[Math.Min(Interlocked.Increment(ref next), responses.Length - 1)]);
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived in total.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_requests.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"expected {count} requests, got {_requests.Count} within {timeout}");
            }
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest
        {
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "/",
            QueryString = http.Request.QueryString.Value ?? "",
            Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        _requests.Enqueue(request);
        _arrived.Release();
        Func<RecordedRequest, FakeResponse>? handler;
        lock (_rules)
            handler = _rules.FirstOrDefault(r => r.Method == request.Method && r.Path == request.Path).Handler;
        var response = handler?.Invoke(request) ?? FakeResponse.Json("""{"error":"no rule for this path"}""", 404);
        if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay, http.RequestAborted);
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers) http.Response.Headers.Append(name, value);
        if (response.AbortAfterBytes is { } abort)
        {
            http.Response.ContentLength = response.Body.Length;
            await http.Response.Body.WriteAsync(response.Body.AsMemory(0, Math.Min(abort, response.Body.Length)));
            await http.Response.Body.FlushAsync();
            http.Abort();
            return;
        }
        if (response.BodyWriter is { } write)
        {
            if (response.ContentLength is { } length) http.Response.ContentLength = length;
            try
            {
                await write(http.Response.Body, http.RequestAborted);
            }
            catch (Exception) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client stopped reading (e.g. a response size limit): expected, not a server error.
            }
            return;
        }
        if (response.StallAfterBytes is { } stall)
        {
            http.Response.ContentLength = response.Body.Length;
            await http.Response.Body.WriteAsync(response.Body.AsMemory(0, Math.Min(stall, response.Body.Length)));
            await http.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, which is what the test wants to see.
            }
            return;
        }
        await http.Response.Body.WriteAsync(response.Body);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>HTTPS settings for the fake server: its certificate and, for mutual TLS, the client CA.</summary>
public sealed record FakeServerTls
{
    /// <summary>The certificate the server presents.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>When set, clients must present a certificate issued by this CA.</summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }

    internal bool ValidateClient(X509Certificate2 cert)
    {
        if (ClientCertificateAuthority is null) return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ClientCertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
