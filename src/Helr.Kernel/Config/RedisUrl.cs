using StackExchange.Redis;

namespace Helr.Kernel.Config;

/// <summary>
/// <c>redis://[user:password@]host[:port][/db]</c> (or <c>rediss://</c> for TLS) as connection options.
/// The options never abort on a failed connect and fail commands at once while disconnected, so an
/// outage shows up as errors the caller handles instead of stalls, and the client reconnects by itself.
/// </summary>
internal sealed record RedisUrl(string Host, int Port, int Database, string? User, string? Password, bool Tls)
{
    public const string Default = "redis://127.0.0.1/";

    /// <summary>Parses <paramref name="text"/>; the error says what is wrong without echoing a password.</summary>
    public static RedisUrl Parse(string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("redis" or "rediss") || url.Host.Length == 0)
        {
            error = "expected redis://[user:password@]host[:port][/db] or rediss://… for TLS";
            return new RedisUrl("127.0.0.1", 6379, 0, null, null, false);
        }
        var db = 0;
        var path = url.AbsolutePath.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, out db) || db < 0))
            error = $"the path of the URL must be a database number, found '/{path}'";
        string? user = null, password = null;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':');
            var u = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            // redis://:secret@host means password only (default user), as redis-cli reads it.
            user = u.Length == 0 ? null : u;
            if (colon < 0) (user, password) = (null, u);
        }
        return new RedisUrl(url.Host, url.IsDefaultPort || url.Port < 0 ? 6379 : url.Port, db, user, password, url.Scheme == "rediss");
    }

    public string Description => $"redis {(Tls ? "rediss" : "redis")}://{Host}:{Port}/{Database}";

    public ConfigurationOptions ToOptions()
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = 5000,
            SyncTimeout = 5000,
            AsyncTimeout = 5000,
            ConnectRetry = 1,
            ReconnectRetryPolicy = new LinearRetry(1000),
            KeepAlive = 10,
            DefaultDatabase = Database,
            User = User,
            Password = Password,
            Ssl = Tls,
            ClientName = "helr",
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }
}
