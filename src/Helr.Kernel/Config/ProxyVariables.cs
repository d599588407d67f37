using System.Net;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// The proxy variables .NET reads for every request (docs/resilience.md, "Proxies") whose value it
/// cannot use: it ignores such a value without a word (a port over 65535, <c>http:/proxy:3128</c>), and
/// the requests go out without a proxy, failing behind a firewall with connect errors that name no
/// variable. Said as a warning at load, by <c>helr validate</c> too.
/// </summary>
internal static class ProxyVariables
{
    // In .NET's order: the lower-case name first, then the upper-case one, then ALL_PROXY.
    private static readonly (string Scheme, string[] Names)[] Variables =
    [
        ("https", ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]),
        ("http", ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]),
    ];

    /// <summary>The variable that set the proxy of https requests (the ones tunnelled), or how they are named when none is set.</summary>
    public static string Tunnel(IHelrEnvironment env) => FirstSet(Variables[0].Names, env) ?? "HTTPS_PROXY (or ALL_PROXY)";

    /// <summary>The variable that set the proxy of plain-http requests (the ones it forwards), or how they are named when none is set.</summary>
    public static string PlainHttp(IHelrEnvironment env) => FirstSet(Variables[1].Names, env) ?? "HTTP_PROXY (or ALL_PROXY)";

    /// <param name="env">The process's own environment, which <paramref name="proxy"/> was made from.</param>
    /// <param name="proxy">
    /// The proxy .NET made from it (<see cref="HttpClient.DefaultProxy"/>), asked for only when a variable is
    /// set: making it is start-up work every run would pay for nothing.
    /// </param>
    public static IEnumerable<string> Ignored(IHelrEnvironment env, Func<IWebProxy> proxy)
    {
        // NO_PROXY=* turns every proxy off: nothing is lost.
        if ((env.GetVariable("no_proxy") ?? env.GetVariable("NO_PROXY"))?.Trim() == "*") yield break;
        var told = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (scheme, names) in Variables)
        {
            var name = FirstSet(names, env);
            if (name is null || proxy().GetProxy(new Uri($"{scheme}://helr-proxy-check.invalid/")) is not null || !told.Add(name)) continue;
            var value = env.GetVariable(name)!.Trim();
            // The user info may hold the proxy's password.
            var at = value.LastIndexOf('@');
            var shown = at < 0 ? value : "…@" + value[(at + 1)..];
            yield return $"{name}: \"{shown}\" is no proxy URL .NET can read (http://[user:password@]host:port), so it is ignored: "
                + $"requests to {scheme} URLs go out without a proxy";
        }
    }

    private static string? FirstSet(string[] names, IHelrEnvironment env)
    {
        foreach (var name in names)
            if (!string.IsNullOrWhiteSpace(env.GetVariable(name))) return name;
        return null;
    }
}
