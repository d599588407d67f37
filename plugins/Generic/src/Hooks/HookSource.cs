using System.Text.Json.Nodes;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// A generic source with a hook script. It wraps the declarative source: each hook the script
/// defines replaces one step of it, and a missing hook leaves that step declarative. Requests go
/// through the kernel's sender like every other page (retries, rate limits, circuit breaker and the
/// declarative <c>auth</c>), and the events through dedupe, limits and checkpoint-after-flush.
/// </summary>
internal sealed class HookSource : ISource
{
    private readonly DeclarativeSource _declarative;
    // The same source with max_pages one higher and no max_bytes: the hook cycle applies both itself,
    // so a cycle they cut still gets the next request the pagination asks for, to hand commitState.
    private readonly DeclarativeSource _paged;
    private readonly object _authLock = new();
    private (JsonObject Value, DateTimeOffset Until)? _cachedAuth;

    public HookSource(DeclarativeSource declarative, HookScript script, HookSettings settings, IReadOnlyList<string> authVariables)
    {
        _declarative = declarative;
        AuthVariables = authVariables;
        var options = declarative.Options;
        _paged = options.Pagination is { } p
            ? new DeclarativeSource(options with { Pagination = p with { MaxPages = p.MaxPages + 1 }, MaxBytes = null }, declarative.Authenticator, declarative.Defaults)
            : declarative;
        Sandbox = new HookSandbox(script, settings);
        // The kernel extracts before the cycle sees a page; with parseResponse the script does it,
        // so the kernel must not fail on a body only the script understands.
        Extractor = script.Defines("parseResponse") ? NoEvents.Instance : declarative.Extractor;
    }

    public HookSandbox Sandbox { get; }

    /// <summary>The environment variables the source's declarative <c>auth</c> reads its secrets from.</summary>
    public IReadOnlyList<string> AuthVariables { get; }

    public DeclarativeOptions Options => _declarative.Options;

    public IEventExtractor DeclarativeExtractor => _declarative.Extractor;

    public IAuthenticator? Authenticator => _declarative.Authenticator;

    public IReadOnlyList<Uri> CredentialOrigins => _declarative.CredentialOrigins;

    public IEventExtractor Extractor { get; }

    public SourceDefaults Defaults => _declarative.Defaults;

    public IPollCycle BeginCycle(CycleContext context) => new HookCycle(this, _paged.BeginCycle(context), context);

    /// <summary>
    /// <c>getAuth</c>'s result, reused for <c>global.hooks.auth_cache_ttl_secs</c> (null results are not
    /// kept), as upstream does. The cache lives with the source, so a reload starts afresh.
    /// </summary>
    public JsonObject? Auth(Func<JsonNode?> call, TimeProvider time)
    {
        lock (_authLock)
        {
            if (_cachedAuth is { } cached && time.GetUtcNow() < cached.Until) return cached.Value;
        }
        var value = call() as JsonObject;
        var ttl = Sandbox.Settings.AuthCacheTtlSecs;
        if (value is not null && ttl > 0)
            lock (_authLock) _cachedAuth = (value, Until(time.GetUtcNow(), ttl));
        return value;
    }

    // A TTL past the calendar's end (upstream takes any whole number) keeps the result for good; AddSeconds threw there and failed every cycle.
    private static DateTimeOffset Until(DateTimeOffset now, double ttl) =>
        ttl >= (DateTimeOffset.MaxValue - now).TotalSeconds ? DateTimeOffset.MaxValue : now.AddSeconds(ttl);

    /// <summary>Drops the cached <c>getAuth</c> result: the API refused it.</summary>
    public void ForgetAuth()
    {
        lock (_authLock) _cachedAuth = null;
    }

    private sealed class NoEvents : IEventExtractor
    {
        public static readonly NoEvents Instance = new();

        public void Extract(ReadOnlySpan<byte> body, List<Range> events)
        {
        }
    }
}
