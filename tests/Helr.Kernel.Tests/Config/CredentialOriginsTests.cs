using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

/// <summary>An authenticated source must say where its credentials may go; the kernel does not guess.</summary>
public sealed class CredentialOriginsTests
{
    private sealed class Plugin(IReadOnlyList<Uri> origins) : IHelrPlugin, ISourceType, ISource, IAuthenticator
    {
        public PluginInfo Info { get; } = new() { Name = "careless", Version = "1.0.0", Description = "declares no origins" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "careless";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public IAuthenticator? Authenticator => this;
        public IReadOnlyList<Uri> CredentialOrigins => origins;
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => SourceDefaults.None;
        public IPollCycle BeginCycle(CycleContext context) => throw new NotSupportedException();
        public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }

    private static (HelrConfig? Config, IReadOnlyList<string> Errors) Load(IReadOnlyList<Uri> origins)
    {
        var dir = Directory.CreateTempSubdirectory("helr-origins-").FullName;
        try
        {
            var path = Path.Combine(dir, "helr.yaml");
            File.WriteAllText(path, "sources:\n  s1:\n    type: careless\n");
            var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("careless", null) { Plugin = new Plugin(origins) } }));
            var (loaded, problems) = ConfigLoader.Load(path, registry, new TestEnvironment());
            return (loaded?.Config, problems.Errors.Select(e => e.ToString()).ToList());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void An_authenticated_source_without_credential_origins_does_not_load()
    {
        var (config, errors) = Load(Array.Empty<Uri>());
        Assert.Null(config);
        Assert.Contains(errors, e => e.StartsWith("sources.s1: plugin 'careless' built an authenticated source without declaring where its credentials may go"));
    }

    [Fact]
    public void Declared_origins_load() => Assert.NotNull(Load(new[] { new Uri("https://api.example.com/") }).Config);
}
