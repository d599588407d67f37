namespace Helr.Kernel.Output;

/// <summary>How a page left the output.</summary>
internal enum PageOutcome
{
    /// <summary>Every line was written and flushed (or stored durably in the disk buffer).</summary>
    Written,

    /// <summary>At least one line was dropped by policy (backpressure drop, <c>max_queue_age</c>) and counted; the page may be checkpointed.</summary>
    Dropped,

    /// <summary>Output failed before the page was out; the page must not be checkpointed and the process stops.</summary>
    Failed,
}
