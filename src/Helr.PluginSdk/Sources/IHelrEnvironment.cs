namespace Helr.PluginSdk.Sources;

/// <summary>Access to the process environment and files, so tests can substitute both.</summary>
public interface IHelrEnvironment
{
    /// <summary>The value of an environment variable, or null when it is unset.</summary>
    string? GetVariable(string name);

    /// <summary>The text of a file; throws <see cref="IOException"/> when it cannot be read.</summary>
    string ReadFile(string path);

    /// <summary>True when the file exists and can be opened for reading.</summary>
    bool CanRead(string path);
}
