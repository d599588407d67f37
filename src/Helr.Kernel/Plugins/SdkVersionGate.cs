using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Helr.PluginSdk;

namespace Helr.Kernel.Plugins;

/// <summary>Reads which SDK version a plugin was built against, without loading it.</summary>
internal static class SdkVersionGate
{
    public const string SdkAssemblyName = "Helr.PluginSdk";

    /// <summary>The referenced SDK version, or null with a problem when the file is not a usable .NET assembly.</summary>
    public static Version? ReferencedSdk(string assemblyPath, out string? problem)
    {
        problem = null;
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            // Metadata read into memory at once: left lazy, PEReader maps a file this size into memory
            // (System.IO.MemoryMappedFiles loaded and set up once per start for a few kilobytes).
            using var pe = new PEReader(stream, PEStreamOptions.PrefetchMetadata);
            if (!pe.HasMetadata)
            {
                problem = "not a .NET assembly (no metadata)";
                return null;
            }
            var md = pe.GetMetadataReader();
            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                if (md.GetString(reference.Name) == SdkAssemblyName) return reference.Version;
            }
            problem = $"does not reference {SdkAssemblyName}; not a Helr plugin";
            return null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or IOException)
        {
            problem = $"cannot read assembly: {ex.Message}";
            return null;
        }
    }

    public static string? Check(Version referenced) =>
        referenced.Major == SdkVersion.Major
            ? null
            : $"built against plugin SDK {referenced.ToString(3)}, but this helr provides SDK {SdkVersion.Current.ToString(3)}; rebuild the plugin against SDK {SdkVersion.Major}.x";
}
