using Helr.Kernel.Config;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Tests.Support;

/// <summary>Reads the lines under <c>global:</c> as helr does, with every error and warning as "path: message".</summary>
internal static class GlobalYaml
{
    public static (GlobalConfig Global, List<string> Errors, List<string> Warnings) Load(string globalYaml)
    {
        var errors = new ConfigErrors();
        var root = YamlConfigReader.Read("global:\n" + globalYaml, HostEnvironment.Instance, errors)!;
        var global = GlobalReader.Read(root.Mapping("global"));
        root.ReportUnknownKeys();
        return (global, errors.Errors.Select(e => e.ToString()).ToList(), errors.Warnings.Select(e => e.ToString()).ToList());
    }
}
