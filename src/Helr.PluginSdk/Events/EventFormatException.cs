namespace Helr.PluginSdk.Events;

/// <summary>A response body could not be read as events (not JSON, wrong shape, too deep).</summary>
public sealed class EventFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
