using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>The real process environment and file system.</summary>
internal sealed class HostEnvironment : IHelrEnvironment
{
    public static HostEnvironment Instance { get; } = new();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public string ReadFile(string path) => File.ReadAllText(path);

    public bool CanRead(string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
