namespace Helr.Kernel.State;

/// <summary>
/// What a fenced checkpoint is conditional on: the lease's fencing token, which grows with every new
/// holder of the source, so a holder that was paused past its lease (SIGSTOP, a long GC, a frozen VM)
/// cannot write once anyone else has held the source, even if that one has released it since.
/// <see cref="Token"/> 0 means the lease could not be confirmed yet (the store was unreachable):
/// then only "no other live holder" is checked.
/// </summary>
internal sealed record LeaseFence(string Holder, long Token);
