namespace Helr.Kernel.Polling;

/// <summary>What <see cref="PageRenderer"/> gathers over one page's events, rendered in one go or window by window.</summary>
internal sealed class RenderedPage(HashSet<string>? seen, string endpoint)
{
    /// <summary>Dedupe ids of this page so far (a repeat within the page is a duplicate too).</summary>
    public HashSet<string>? Seen { get; } = seen;

    public string Endpoint { get; } = endpoint;

    /// <summary>Dedupe ids written, to accept once the output took the page.</summary>
    public List<string> Ids { get; } = new();

    public int Written { get; set; }

    public int Duplicates { get; set; }

    public bool AnyWritten { get; set; }

    /// <summary>The event time of the page's first line written, and of its last so far (for lag).</summary>
    public DateTimeOffset? FirstTime { get; set; }

    public DateTimeOffset? LastTime { get; set; }
}
