using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Config;

/// <summary>
/// <c>helr validate</c> points to the fix. Each folder of testdata/config-cases holds a helr.yaml, the
/// exact stderr expected from validating it (expected.txt) and, when it needs variables set, env.txt
/// (NAME=value lines). Fixing a config message adds a folder.
/// </summary>
public sealed class ConfigHintTests
{
    private static readonly string CasesDir = Path.Combine(RepoPaths.Root, "tests", "Helr.EndToEnd.Tests", "testdata", "config-cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesDir).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_names_the_path_and_the_fix(string name)
    {
        var dir = Path.Combine(CasesDir, name);
        var expected = File.ReadAllText(Path.Combine(dir, "expected.txt"));
        var env = new Dictionary<string, string?>();
        var envFile = Path.Combine(dir, "env.txt");
        if (File.Exists(envFile))
        {
            foreach (var line in File.ReadAllLines(envFile).Where(l => l.Contains('=')))
                env[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        }
        var result = await HelrProcess.RunAsync("validate -c helr.yaml", dir, env: env);
        Assert.Equal(expected, result.Stderr);
        Assert.True(result.ExitCode == (expected.StartsWith("config invalid", StringComparison.Ordinal) || expected.Contains("\nconfig invalid") ? 1 : 0), result.ToString());
    }

    /// <summary>The hints only ever rewrite problems: every config shipped as valid stays free of warnings.</summary>
    [Fact]
    public async Task No_valid_config_gains_a_warning()
    {
        var configs = new List<string> { Path.Combine(RepoPaths.Root, "helr.yaml") };
        // resilience.yaml needs certificate files and auth.yaml keys; ResilienceConfigTests and AuthExampleTests check they have no warning.
        // hooks.yaml needs its script beside the working directory; HookValidateTests checks it has no warning.
        configs.AddRange(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs", "examples"), "*.yaml").Where(f => Path.GetFileName(f) is not ("resilience.yaml" or "auth.yaml" or "hooks.yaml")));
        configs.AddRange(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "plugins")).Select(p => Path.Combine(p, "sample.yaml")).Where(File.Exists));
        Assert.True(configs.Count >= 8, string.Join(", ", configs));
        var failures = new List<string>();
        foreach (var config in configs.Order(StringComparer.Ordinal))
        {
            var yaml = File.ReadAllText(config);
            var result = await HelrProcess.RunAsync($"validate -c {config}", env: ExampleConfigTests.VariablesOf(yaml));
            // planned.yaml exists to show the planned blocks: its warnings are exactly theirs.
            var warnings = result.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal))
                .Where(l => Path.GetFileName(config) != "planned.yaml" || !l.Contains(": not supported yet: checked, but Helr does not act on it", StringComparison.Ordinal));
            if (result.ExitCode != 0 || warnings.Any()) failures.Add($"{config}:\n{result.Stderr}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
