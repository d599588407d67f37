namespace Helr.Kernel.Config;

/// <summary>
/// The wording for upstream keys whose features are not built yet (<c>output.http</c>, <c>output.nats</c>,
/// a source's <c>response_streaming</c>): they are checked like every other key, and warned about once.
/// </summary>
internal static class PlannedGlobalReader
{
    public const string NotActedOn = "not supported yet: checked, but Helr does not act on it";
}
