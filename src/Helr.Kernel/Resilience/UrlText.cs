namespace Helr.Kernel.Resilience;

internal static class UrlText
{
    /// <summary>The URL without its query, which may carry tokens or cursors.</summary>
    public static string Redact(Uri? url) =>
        url is null ? "(unknown URL)" : url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 1 ? "?…" : "");
}
