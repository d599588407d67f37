namespace Helr.PluginSdk.Events;

/// <summary>Finds the events in a response body as byte ranges, without copying them.</summary>
public interface IEventExtractor
{
    /// <summary>
    /// Appends the range of every event in <paramref name="body"/> to <paramref name="events"/>.
    /// Throws <see cref="EventFormatException"/> when the body is not what the source expects.
    /// </summary>
    void Extract(ReadOnlySpan<byte> body, List<Range> events);
}
