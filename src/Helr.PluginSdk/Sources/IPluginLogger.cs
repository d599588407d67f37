namespace Helr.PluginSdk.Sources;

/// <summary>The host's log, as seen by a plugin. Never pass secrets to it.</summary>
public interface IPluginLogger
{
    /// <summary>Something worth knowing in normal operation.</summary>
    void Info(string message);

    /// <summary>Something unexpected that Helr works around.</summary>
    void Warn(string message);

    /// <summary>Detail for troubleshooting.</summary>
    void Debug(string message);
}
