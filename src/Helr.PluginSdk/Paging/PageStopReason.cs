namespace Helr.PluginSdk.Paging;

/// <summary>Why <see cref="PageLimits"/> ends a cycle after a page.</summary>
public enum PageStopReason
{
    /// <summary>Go on.</summary>
    None,

    /// <summary>The page had no events: the source is caught up (the traversal is complete).</summary>
    EmptyPage,

    /// <summary><c>max_pages</c> reached: pages may be left, the next cycle continues where this one stopped.</summary>
    MaxPages,

    /// <summary><c>max_bytes</c> exceeded: pages may be left, the next cycle continues where this one stopped.</summary>
    MaxBytes,
}
