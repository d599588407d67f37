using Helr.Kernel.Http;
using Helr.Kernel.Output;

namespace Helr.Kernel.Polling;

/// <summary>The collaborators one source's cycles use, built by <see cref="SourceComposition"/>.</summary>
internal sealed record SourceParts(
    SourceHttpClient Http,
    EnvelopeWriter Envelope,
    LineLimiter? LineLimit,
    SourceDedupe? Dedupe,
    StalledPage Stalled,
    bool SkipFailedCheckpoints);
