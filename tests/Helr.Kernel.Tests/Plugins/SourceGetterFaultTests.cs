using Helr.Kernel.Plugins;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>
/// What the kernel reads from a source a plugin built (its defaults, its credential origins) is the
/// plugin's code too: a null or a throwing getter ended validate, run and a reload with an unhandled
/// NullReferenceException instead of an error at the source's key path naming the plugin.
/// </summary>
public sealed class SourceGetterFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-getters-").FullName;

    private sealed class Odd(SourceDefaults? defaults, IReadOnlyList<Uri>? origins) : IHelrPlugin, ISourceType, ISource
    {
        public PluginInfo Info { get; } = new() { Name = "odd-vendor", Version = "1.0.0", Description = "odd getters" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "odd";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public IAuthenticator? Authenticator => origins is null ? new BearerAuthenticator(new SecretSource { KeyPath = "auth.token", Environment = new TestEnvironment() }) : null;
        public IReadOnlyList<Uri> CredentialOrigins => origins!;
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => defaults!;
        public IPollCycle BeginCycle(CycleContext context) => throw new NotSupportedException();
    }

    private (Helr.Kernel.Plugins.LoadedConfig? Loaded, string Problems) Load(Odd plugin)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, "sources:\n  s1:\n    type: odd\n");
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("odd", null) { Plugin = plugin } }));
        var (loaded, problems) = ConfigLoader.Load(path, registry, new TestEnvironment());
        return (loaded, string.Join("\n", problems.Errors.Select(e => e.ToString())));
    }

    [Fact]
    public void A_source_without_defaults_is_an_error_naming_the_plugin()
    {
        var (loaded, problems) = Load(new Odd(null, Array.Empty<Uri>()));

        Assert.Null(loaded);
        Assert.Equal("sources.s1: plugin 'odd-vendor' built a source without defaults (ISource.Defaults is null; SourceDefaults.None is none)", problems);
    }

    [Fact]
    public void An_authenticated_source_without_origins_is_an_error_naming_the_plugin()
    {
        var (loaded, problems) = Load(new Odd(SourceDefaults.None, null));

        Assert.Null(loaded);
        Assert.Contains("plugin 'odd-vendor' built an authenticated source without declaring where its credentials may go", problems);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
