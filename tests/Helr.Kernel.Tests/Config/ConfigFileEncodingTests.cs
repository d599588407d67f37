using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>helr.yaml's bytes: UTF-8 (a byte order mark allowed), or UTF-16 with its byte order mark; anything else is refused, as upstream.</summary>
public sealed class ConfigFileEncodingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-encoding-").FullName;
    private readonly SourceTypeRegistry _registry = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    private (LoadedConfig? Config, List<string> Errors) Load(byte[] bytes)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllBytes(path, bytes);
        var (loaded, problems) = ConfigLoader.Load(path, _registry, new TestEnvironment());
        return (loaded, problems.Errors.Select(e => e.ToString()).ToList());
    }

    private const string Yaml = "sources:\n  s:\n    url: https://x.example.com\n    headers:\n      X-Org: Société\n";

    // Saved as Latin-1 (Windows-1252) by an editor: before, each é became U+FFFD and the header was sent so, silently.
    [Fact]
    public void A_file_that_is_not_utf8_is_an_error_naming_where_not_a_value_with_replacement_characters()
    {
        var (config, errors) = Load(Encoding.Latin1.GetBytes(Yaml));
        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Contains("is not valid UTF-8 (line 5, byte 18)", error);
        Assert.DoesNotContain("\uFFFD", error);
    }

    // `helr` run in a folder without helr.yaml got .NET's "Could not find file '…'": it did not say that
    // helr.yaml is only the default, nor how to name the config.
    [Theory]
    [InlineData("helr.yaml")]
    [InlineData("missing/helr.yaml")]
    public void A_missing_file_is_an_error_naming_its_full_path_and_the_option_naming_another(string name)
    {
        var path = Path.Combine(_dir, name);
        var (loaded, problems) = ConfigLoader.Load(path, _registry, new TestEnvironment());
        Assert.Null(loaded);
        var error = Assert.Single(problems.Errors).ToString();
        Assert.Contains($"cannot read config file \"{path}\": there is no such file ({path}); without -c PATH helr reads helr.yaml in the working folder", error);
        Assert.DoesNotContain("Could not find", error);
    }

    [Fact]
    public void Utf8_with_or_without_a_byte_order_mark_and_utf16_with_one_load()
    {
        foreach (var bytes in new[]
                 {
                     Encoding.UTF8.GetBytes(Yaml), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Yaml)],
                     [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Yaml)],
                 })
        {
            var (config, errors) = Load(bytes);
            Assert.Empty(errors);
            Assert.Equal("Société", config!.Config.Sources[0].Block["headers"]!["X-Org"]!.Text);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
