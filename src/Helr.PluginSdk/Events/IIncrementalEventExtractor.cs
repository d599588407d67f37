namespace Helr.PluginSdk.Events;

/// <summary>
/// An extractor that can also scan a body incrementally. Internal, like <see cref="IEventScanner"/>:
/// the kernel asks an extractor for it so that it depends on no concrete extractor.
/// </summary>
internal interface IIncrementalEventExtractor : IEventExtractor
{
    /// <summary>Starts scanning a new body.</summary>
    IEventScanner StartScan();
}
