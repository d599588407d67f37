namespace Helr.Kernel.Replay;

/// <summary>A recording that cannot be read, or a request it has no answer for. The message names the file or the request.</summary>
internal sealed class RecordingException(string message) : Exception(message);
