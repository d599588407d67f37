namespace Helr.Kernel.State;

internal sealed class StateLockedException(string message) : Exception(message);
