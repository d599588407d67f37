namespace Helr.Kernel.Config;

/// <summary>
/// What a replay's environment reads for a secret variable or file this machine does not have
/// (<c>Replay.ReplayEnvironment</c>). A reader that must parse such a value skips it where replay
/// never uses it (TLS material: replay never connects).
/// </summary>
internal static class ReplayPlaceholder
{
    public const string Value = "helr-replay-placeholder";
}
