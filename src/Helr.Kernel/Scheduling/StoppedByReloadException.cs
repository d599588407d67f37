namespace Helr.Kernel.Scheduling;

/// <summary>
/// A cycle a reload cut short (it removed or restarted the source), told apart from a shutdown's: the log
/// said <c>poll stopped by shutdown</c> at every SIGHUP, and a triggered poll answered "The operation was canceled.".
/// </summary>
internal sealed class StoppedByReloadException(OperationCanceledException stop)
    : OperationCanceledException("poll stopped: a reload removed or restarted the source (its pages written so far are checkpointed)", stop);
