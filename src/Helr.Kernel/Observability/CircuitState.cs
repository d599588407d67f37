namespace Helr.Kernel.Observability;

/// <summary>closed / open / half_open, spelled as the health endpoints show them.</summary>
internal enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
