namespace Helr.Kernel.Output;

/// <summary>Another process owns the disk buffer.</summary>
internal sealed class DiskBufferLockedException(string message) : Exception(message);
