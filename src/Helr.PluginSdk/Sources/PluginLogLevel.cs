namespace Helr.PluginSdk.Sources;

/// <summary>How important a plugin's log entry is.</summary>
public enum PluginLogLevel
{
    /// <summary>Detail for troubleshooting.</summary>
    Debug,

    /// <summary>Something worth knowing in normal operation.</summary>
    Information,

    /// <summary>Something unexpected that Helr works around.</summary>
    Warning,
}
