namespace Helr.Kernel.State.Leases;

/// <summary>
/// Why an attempt to take a source's lease did not leave this instance holding it: a sentence for the
/// operator, and whether the store failed (an error worth reporting as a failed cycle) rather than
/// answering that the source is another instance's, or left to one.
/// </summary>
internal sealed record LeaseRefusal(string Why, bool StoreFailed = false);
