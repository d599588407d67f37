namespace Helr.Kernel.State;

internal sealed class StateImportException(string message) : Exception(message);
