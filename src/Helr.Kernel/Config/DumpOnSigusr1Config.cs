namespace Helr.Kernel.Config;

/// <summary><c>global.dump_on_sigusr1</c>: where SIGUSR1 writes the state and metrics dump.</summary>
internal sealed record DumpOnSigusr1Config
{
    public static readonly string[] Destinations = { "log", "file" };

    /// <summary><c>log</c> (one INFO line) or <c>file</c> (overwrites <see cref="Path"/>).</summary>
    public string Destination { get; init; } = "log";

    /// <summary>Required when <see cref="Destination"/> is <c>file</c>.</summary>
    public string? Path { get; init; }
}
