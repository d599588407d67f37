namespace Helr.Kernel.Http;

/// <summary>The body stopped arriving for longer than <c>timeouts.read_secs</c>.</summary>
internal sealed class ReadTimeoutException(TimeSpan timeout)
    : IOException($"response body stalled: no data for {timeout.TotalSeconds:0.###} s (timeouts.read_secs)");
