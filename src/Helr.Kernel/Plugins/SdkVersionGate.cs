using System.Reflection;
using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>
/// Which SDK version a plugin was built against, read from its loaded assembly's references: loading
/// an assembly resolves none of them, so a plugin built for another SDK major is refused before any of
/// its types meets this SDK. (Reading the file with System.Reflection.Metadata instead loaded two more
/// assemblies into every run, ~2 MiB of resident memory, for one version number.)
/// </summary>
internal static class SdkVersionGate
{
    public const string SdkAssemblyName = "Helr.PluginSdk";

    /// <summary>The referenced SDK version, or null with a problem when the plugin does not reference the SDK.</summary>
    public static Version? ReferencedSdk(Assembly plugin, out string? problem)
    {
        problem = null;
        foreach (var reference in plugin.GetReferencedAssemblies())
        {
            if (string.Equals(reference.Name, SdkAssemblyName, StringComparison.Ordinal))
                return reference.Version ?? new Version(0, 0, 0, 0);
        }
        problem = $"does not reference {SdkAssemblyName}; not a Helr plugin";
        return null;
    }

    public static string? Check(Version referenced) =>
        referenced.Major == SdkVersion.Major
            ? null
            : $"built against plugin SDK {referenced.ToString(3)}, but this helr provides SDK {SdkVersion.Current.ToString(3)}; rebuild the plugin against SDK {SdkVersion.Major}.x";
}
