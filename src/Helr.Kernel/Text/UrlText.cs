namespace Helr.Kernel.Text;

internal static partial class UrlText
{
    /// <summary>
    /// <paramref name="message"/> with the user info of every URL in it shown as <c>…@</c>: .NET's own
    /// errors name a proxy by its URL, password included (<c>HTTPS_PROXY=http://user:password@host</c>).
    /// </summary>
    public static string RedactUserInfo(string message) => UserInfo().Replace(message, "…@");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#@'""]+@")]
    private static partial System.Text.RegularExpressions.Regex UserInfo();

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
