namespace Helr.PluginSdk;

/// <summary>The version of the plugin SDK. A host loads only plugins built against the same major.</summary>
public static class SdkVersion
{
    /// <summary>The full SDK version this assembly was built as.</summary>
    public static Version Current => typeof(SdkVersion).Assembly.GetName().Version ?? new Version(1, 0, 0, 0);

    /// <summary>The major version; a breaking change to any public SDK type increments it.</summary>
    public static int Major => Current.Major;
}
