namespace Helr.Kernel.Http;

internal static class HelrUserAgent
{
    public static string Version { get; } =
        typeof(HelrUserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Sent on every request unless the source's headers set one (GitHub rejects requests without).</summary>
    public static string Value { get; } = $"helr/{Version}";
}
