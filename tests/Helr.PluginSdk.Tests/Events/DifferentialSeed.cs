namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// The seed of the random documents in the differential tests: new on every run, so each run tries
/// documents no run tried before, unless <see cref="Variable"/> fixes it. .ci/run picks it, prints it
/// and passes it to every run of the scanner tests; every failure message names it.
/// </summary>
internal static class DifferentialSeed
{
    /// <summary>Set this to a seed from a failure message to run the same documents again.</summary>
    public const string Variable = "HELR_SCANNER_SEED";

    public static int Value { get; } = Choose();

    /// <summary>What a failure message says about the seed.</summary>
    public static string Note => $"seed {Value} (run again with {Variable}={Value})";

    private static int Choose()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return Random.Shared.Next();
        return int.TryParse(text, out var seed)
            ? seed
            : throw new InvalidOperationException($"{Variable} must be an integer, not \"{text}\"");
    }
}
