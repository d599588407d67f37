namespace Helr.Kernel.Output;

/// <summary>How a page left the output.</summary>
internal enum PageOutcome
{
    /// <summary>Every line was written and flushed (or stored durably in the disk buffer).</summary>
    Written,

    /// <summary>At least one line was dropped by policy (backpressure drop, <c>max_queue_age</c>) and counted; the page may be checkpointed.</summary>
    Dropped,

    /// <summary>Output failed before the page was out (the process stops), or a page handed over in parts could not be handed over whole; the page must not be checkpointed.</summary>
    Failed,
}
