namespace Helr.Kernel.Text;

internal static class UrlText
{
    /// <summary>
    /// The URL with its user info (<c>user:password@</c>) and query, which may carry credentials, tokens
    /// or cursors, shown as <c>…</c>: <c>https://…@api.example.com/logs?…</c>.
    /// </summary>
    public static string Redact(Uri? url)
    {
        if (url is null) return "(unknown URL)";
        if (!url.IsAbsoluteUri) return "(relative URL)";
        var userInfo = url.UserInfo.Length > 0 ? "…@" : "";
        var hostAndPath = url.GetComponents(UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped);
        return $"{url.Scheme}://{userInfo}{hostAndPath}{(url.Query.Length > 1 ? "?…" : "")}";
    }
}
