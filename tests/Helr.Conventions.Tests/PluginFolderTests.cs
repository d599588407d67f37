using System.Diagnostics;
using System.Xml.Linq;
using Xunit;

namespace Helr.Conventions.Tests;

/// <summary>Every plugin folder has what a plugin owner and a user need, and its sample config is valid.</summary>
public sealed class PluginFolderTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> PluginFolders()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(Root, "plugins")).Order()) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(PluginFolders))]
    public void Has_required_files(string plugin)
    {
        var dir = Path.Combine(Root, "plugins", plugin);
        foreach (var file in new[] { "README.md", "sample.yaml", "CHANGELOG.md" })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"plugins/{plugin}/{file} is missing");
        Assert.True(Directory.Exists(Path.Combine(dir, "testdata")), $"plugins/{plugin}/testdata/ is missing");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "tests"), "*.Tests.csproj"));
    }

    [Theory]
    [MemberData(nameof(PluginFolders))]
    public void Project_is_named_for_the_vendor_and_versioned(string plugin)
    {
        var project = Directory.GetFiles(Path.Combine(Root, "plugins", plugin, "src"), "*.csproj").Single();
        Assert.Equal($"Helr.Plugins.{plugin}.csproj", Path.GetFileName(project));
        var xml = XDocument.Load(project);
        Assert.False(string.IsNullOrEmpty(xml.Descendants("Version").FirstOrDefault()?.Value), $"{project} has no <Version>");
        Assert.False(string.IsNullOrEmpty(xml.Descendants("HelrPluginFolder").FirstOrDefault()?.Value), $"{project} has no <HelrPluginFolder>");
        var sdkRef = xml.Descendants("ProjectReference").Single(e => e.Attribute("Include")!.Value.EndsWith("Helr.PluginSdk.csproj"));
        Assert.Equal("false", sdkRef.Attribute("Private")?.Value);
        Assert.Equal("runtime", sdkRef.Attribute("ExcludeAssets")?.Value);
    }

    [Theory]
    [MemberData(nameof(PluginFolders))]
    public void Sample_config_validates(string plugin)
    {
        var sample = Path.Combine(Root, "plugins", plugin, "sample.yaml");
        var (code, stderr) = Validate(sample);
        Assert.True(code == 0, $"helr validate {sample} failed:\n{stderr}");
    }

    [Theory]
    [MemberData(nameof(PluginFolders))]
    public void Plugin_is_deployed_beside_helr(string plugin)
    {
        var project = Directory.GetFiles(Path.Combine(Root, "plugins", plugin, "src"), "*.csproj").Single();
        var folder = XDocument.Load(project).Descendants("HelrPluginFolder").First().Value;
        var dll = Path.Combine(Root, "dist", "plugins", folder, Path.GetFileNameWithoutExtension(project) + ".dll");
        Assert.True(File.Exists(dll), $"{dll} was not built into the distribution");
        Assert.False(File.Exists(Path.Combine(Root, "dist", "plugins", folder, "Helr.PluginSdk.dll")), "plugins must not ship their own copy of the SDK");
    }

    internal static (int Code, string Stderr) Validate(string config)
    {
        var info = new ProcessStartInfo(Path.Combine(Root, "dist", "helr"), $"validate -c \"{config}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Sample configs name their secrets by env var; any value satisfies validate.
        foreach (var name in SecretNames(File.ReadAllText(config))) info.Environment[name] = "sample-value";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }

    private static IEnumerable<string> SecretNames(string yaml) =>
        System.Text.RegularExpressions.Regex.Matches(yaml, @"(?:_env:\s*|\$\{)([A-Z][A-Z0-9_]*)").Select(m => m.Groups[1].Value).Distinct();

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helr.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Helr.sln not found");
    }
}
