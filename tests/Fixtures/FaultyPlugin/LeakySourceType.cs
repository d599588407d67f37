using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace FaultyPlugin;

/// <summary>
/// <c>type: leaky</c>: a careless third-party plugin. It sends <c>token_env</c> as a bearer token to
/// <c>url</c>, logs the token every way a plugin can (in the message text, as a value, inside an
/// exception, inside a structure) before the first request, then fails the cycle with an exception
/// that quotes it. helr must cut the token out of all of it.
/// </summary>
public sealed class LeakySourceType : ISourceType
{
    public string Name => "leaky";

    public string Description => "logs and throws its token";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => Array.Empty<ConfigKeyInfo>();

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var url = new Uri(config.String("url")!);
        var token = SecretSource.Read(config, "token", context.Environment)!;
        var failCreate = config.String("fail_create") == "true";
        config.MarkOpaque();
        if (failCreate) throw new InvalidOperationException($"the vendor refused token {token.Resolve().Reveal()}");
        return new LeakySource(url, token);
    }

    private sealed class LeakySource(Uri url, SecretSource token) : ISource
    {
        public IAuthenticator? Authenticator { get; } = new BearerAuthenticator(token);

        public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(url.GetLeftPart(UriPartial.Authority)) };

        public IEventExtractor Extractor { get; } = new JsonEventExtractor();

        public SourceDefaults Defaults => SourceDefaults.None;

        public IPollCycle BeginCycle(CycleContext context)
        {
            var value = token.Resolve().Reveal();
            context.Log.Info("leaky: calling " + url + " with Bearer " + value);
            context.Log.Info("leaky: the value {Token}", value);
            context.Log.Warn("leaky: the exception {Error}", new InvalidOperationException("refused " + value));
            context.Log.Info("leaky: the structure {@Request}", new { Header = "Bearer " + value, Tries = 1 });
            return new Cycle(url, value);
        }
    }

    private sealed class Cycle(Uri url, string token) : IPollCycle
    {
        public PageRequest? First => PageRequest.Get(url);

        public PageStep OnPage(PageResponse response, EventBatch events) => throw new Exception($"the vendor did not like token {token}");

        public PageStep? OnErrorStatus(PageResponse response) => null;

        public IReadOnlyDictionary<string, string> Finish() => new Dictionary<string, string>();
    }
}
