using Helr.PluginSdk;

namespace NoEntryPointPlugin;

/// <summary>Uses an SDK type so the compiler keeps the reference to Helr.PluginSdk, yet is no plugin.</summary>
public static class NotAPlugin
{
    public static string SdkMajor() => SdkVersion.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
