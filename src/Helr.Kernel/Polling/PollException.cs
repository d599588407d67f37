namespace Helr.Kernel.Polling;

/// <summary>A poll cycle failed for a reason worth one clear log line (HTTP status, parse error, …).</summary>
internal sealed class PollException(string message, Exception? inner = null) : Exception(message, inner);
