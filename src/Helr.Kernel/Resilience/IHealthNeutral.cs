namespace Helr.Kernel.Resilience;

/// <summary>
/// A failure that says nothing about the API's health (an oversized body, credentials that could not
/// be had or may not be sent): the circuit breaker neither counts it nor resets on it. The HTTP layer's
/// exceptions carry this mark so the breaker can judge them without knowing the HTTP layer.
/// </summary>
internal interface IHealthNeutral;
