using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary><c>helr validate</c> on sources with hooks: scripts compile at load, and hooks need <c>global.hooks.enabled</c>.</summary>
public sealed class HookValidateTests
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Fact]
    public async Task The_docs_example_validates_without_warnings_beside_its_script()
    {
        // examples/ holds docs/hooks.yaml and hooks/andromeda-audit.js, as a checkout does.
        var result = await HelrProcess.RunAsync($"validate -c {Path.Combine(Examples, "docs", "hooks.yaml")}", Examples);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config valid", result.Stderr);
        Assert.DoesNotContain("warning:", result.Stderr);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_with_its_file_and_line()
    {
        using var dir = new TempDir();
        dir.Write("hooks/broken.js", "function getAuth(ctx) {\n  return null;\n}\n\nfunction parseResponse(ctx, response) {\n  return response.body.items.map(function (e) { return { event: e } };\n}\n");
        var config = dir.Write("helr.yaml", $"""
            global:
              hooks:
                enabled: true
                path: {dir.File("hooks")}
            sources:
              s1:
                url: https://api.example.com/v1/logs
                hooks:
                  script: broken.js
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"sources.s1.hooks.script: syntax error in {dir.File("hooks/broken.js")} at line 6, column ", result.Stderr);
    }

    [Fact]
    public async Task Hooks_while_disabled_is_a_validate_error_saying_so()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            sources:
              s1:
                url: https://api.example.com/v1/logs
                hooks:
                  script_inline: "function getAuth(ctx) { return null; }"
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.s1.hooks: this source has hooks but hooks are disabled: set global.hooks.enabled: true", result.Stderr);
    }
}
