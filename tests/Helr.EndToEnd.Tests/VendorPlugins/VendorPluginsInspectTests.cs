using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary><c>helr plugins inspect</c> of the built plugins (dist/plugins), the vendor plugins and generic, prints their declared keys.</summary>
public sealed class VendorPluginsInspectTests
{
    [Fact]
    public async Task Inspect_okta_prints_its_keys_with_types_defaults_and_descriptions()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"plugins inspect okta --plugins-dir {Path.Combine(RepoPaths.Dist, "plugins")}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("source type: okta  ", result.Stdout);
        Assert.DoesNotContain("does not describe its keys", result.Stdout);
        Assert.Contains("\n  domain: string (no default)  the org's host name", result.Stdout);
        Assert.Contains("\n  auth: mapping (required)  type: bearer", result.Stdout);
        Assert.Contains("\n  query_params: mapping (default {limit: 1000})  ", result.Stdout);
        Assert.Contains("\n  pagination.max_pages: integer (default 20)  pages per cycle at most\n", result.Stdout);
        Assert.Contains("\n  state.watermark_field: string (default published)  ", result.Stdout);
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "plugins", "Okta", "sample.yaml"));
        Assert.EndsWith("sample.yaml):\n" + sample, result.Stdout);
    }

    [Theory]
    [InlineData("github", "  pagination.max_pages: integer (default 15)")]
    [InlineData("slack", "  on_cursor_error: string (default reset)")]
    [InlineData("gws", "  resource_names: list (no default)")]
    [InlineData("tailscale", "  max_window_secs: integer (default 3600)")]
    [InlineData("onepassword", "  events: string (required)")]
    [InlineData("generic", "  url: url (required)  absolute http(s) URL")]
    [InlineData("generic", "  pagination.max_pages: integer (default 100)  pages per cycle at most")]
    public async Task Inspect_of_each_vendor_plugin_prints_its_keys(string plugin, string line)
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"plugins inspect {plugin} --plugins-dir {Path.Combine(RepoPaths.Dist, "plugins")}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("does not describe its keys", result.Stdout);
        Assert.Contains("\n" + line, result.Stdout);
    }
}
