using Helr.Kernel.Resilience;

namespace Helr.Kernel.Polling;

/// <summary>
/// What rendering a streamed page's window threw (<c>max_line_bytes_behavior: fail</c>, the cycle's own
/// code). Windows are rendered while the body is read, inside the request's resilience pipeline, where
/// any other exception counts as a failed request toward the circuit breaker; but the API answered
/// fine, and a page read whole that fails the same way counts as a success. So it crosses the pipeline
/// as health-neutral and is unwrapped once out of it (<see cref="SourceRunner"/>'s fetch).
/// </summary>
internal sealed class WindowFailedException(Exception inner) : Exception(inner.Message, inner), IHealthNeutral;
