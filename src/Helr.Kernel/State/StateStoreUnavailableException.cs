namespace Helr.Kernel.State;

/// <summary>The store could not be reached or refused an operation (network, server down, timeout).</summary>
internal sealed class StateStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
