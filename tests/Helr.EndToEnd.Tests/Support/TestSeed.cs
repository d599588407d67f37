using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// The random choices of one test (kill moments, delays, generated data) drawn from one seed: new on
/// every run unless <see cref="Variable"/> fixes it. The seed is written to the test output (which
/// xunit shows for a failed test) and <see cref="Note"/> goes into assertion messages. A replay makes
/// the same choices; where they meet real timing (a kill lands mid-page) the run can still differ.
/// </summary>
public sealed class TestSeed
{
    /// <summary>Set this to a seed from a failure to make the same random choices again.</summary>
    public const string Variable = "HELR_TEST_SEED";

    private readonly Random _random;

    private TestSeed(int value)
    {
        Value = value;
        _random = new Random(value);
    }

    public int Value { get; }

    /// <summary>What a failure message says about the seed.</summary>
    public string Note => $"seed {Value} (replay with {Variable}={Value})";

    public static TestSeed Create(ITestOutputHelper output)
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        var value = string.IsNullOrWhiteSpace(text) ? Random.Shared.Next()
            : int.TryParse(text, out var fixedSeed) ? fixedSeed
            : throw new InvalidOperationException($"{Variable} must be an integer, not \"{text}\"");
        var seed = new TestSeed(value);
        output.WriteLine(seed.Note);
        return seed;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>); safe to call from a server's request handlers.</summary>
    public int Next(int min, int max)
    {
        lock (_random) return _random.Next(min, max);
    }

    /// <summary>A number in [0, 1); safe to call from a server's request handlers.</summary>
    public double NextDouble()
    {
        lock (_random) return _random.NextDouble();
    }
}
