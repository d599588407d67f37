namespace Helr.Kernel.Resilience;

internal enum Verdict
{
    Success,
    Failure,

    /// <summary>Says nothing about the API's health: a rate-limit answer, a shutdown, an oversized body.</summary>
    Neutral,
}
