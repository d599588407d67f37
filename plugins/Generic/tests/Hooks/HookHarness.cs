using System.Text;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>A generic source with an inline hook script, run through the kernel by the SDK's harness.</summary>
internal static class HookHarness
{
    public const string Enabled = "hooks: { enabled: true, timeout_secs: 10 }";

    /// <summary><paramref name="sourceYaml"/> plus <c>hooks.script_inline</c> holding <paramref name="script"/>.</summary>
    public static SourceHarness Create(string sourceYaml, string script, FakeVendorServer? server = null, string global = Enabled, IHelrEnvironment? env = null) =>
        SourceHarness.CreateWithGlobal(new GenericSourceType(), global, sourceYaml.TrimEnd() + "\n" + Inline(script), server, env);

    public static string Inline(string script)
    {
        var yaml = new StringBuilder("hooks:\n  script_inline: |\n");
        foreach (var line in script.Replace("\r\n", "\n").Split('\n')) yaml.Append("    ").Append(line).Append('\n');
        return yaml.ToString();
    }
}
