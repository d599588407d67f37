using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Config;

/// <summary>The example configs shipped in the repository (copied to examples/ in the test output) validate.</summary>
public sealed partial class ExampleConfigTests
{
    private static readonly string[] WithDedicatedTests = { "resilience.yaml", "auth.yaml", "hooks.yaml" };
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Fact]
    public async Task The_root_helr_yaml_validates_with_its_variables_set()
    {
        var env = new Dictionary<string, string?>
        {
            ["OKTA_DOMAIN"] = "example.okta.com",
            ["OKTA_API_TOKEN"] = "x",
            ["GITHUB_TOKEN"] = "x",
        };
        var result = await HelrProcess.RunAsync($"validate -c {Path.Combine(Examples, "helr.yaml")}", env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config valid", result.Stderr);
    }

    [Fact]
    public async Task The_root_helr_yaml_names_a_missing_variable()
    {
        var env = new Dictionary<string, string?> { ["OKTA_DOMAIN"] = null, ["OKTA_API_TOKEN"] = "x", ["GITHUB_TOKEN"] = "x" };
        var result = await HelrProcess.RunAsync($"validate -c {Path.Combine(Examples, "helr.yaml")}", env: env);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("OKTA_DOMAIN", result.Stderr);
    }

    [Fact]
    public async Task Every_docs_example_validates()
    {
        var dir = Path.Combine(Examples, "docs");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal).ToList() : new List<string>();
        // Examples that need real files (certificates, keys) are validated by their own tests.
        foreach (var name in WithDedicatedTests) Assert.Contains(files, f => Path.GetFileName(f) == name);
        files.RemoveAll(f => WithDedicatedTests.Contains(Path.GetFileName(f)));
        var failures = new List<string>();
        foreach (var file in files)
        {
            var result = await HelrProcess.RunAsync($"validate -c {file}", env: VariablesOf(File.ReadAllText(file)));
            if (result.ExitCode != 0) failures.Add($"docs/examples/{Path.GetFileName(file)}:\n{result.Stderr}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Examples name their secrets and placeholders by variable; any value satisfies validate.
    internal static Dictionary<string, string?> VariablesOf(string yaml)
    {
        var env = new Dictionary<string, string?>();
        foreach (Match m in SecretEnv().Matches(yaml)) env[m.Groups[1].Value] = "example-value";
        foreach (Match m in Placeholder().Matches(yaml)) env.TryAdd(m.Groups[1].Value, "example.com");
        return env;
    }

    [GeneratedRegex(@"_env:\s*[""']?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex SecretEnv();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
