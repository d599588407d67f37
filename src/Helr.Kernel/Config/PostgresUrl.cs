using Npgsql;

namespace Helr.Kernel.Config;

/// <summary>
/// <c>postgres://user:password@host:port/db?sslmode=require</c> (or <c>postgresql://</c>), or an Npgsql
/// <c>Host=…;Username=…</c> connection string, as Npgsql settings with short timeouts so an outage
/// fails fast and the pool reconnects when the server is back.
/// </summary>
internal static class PostgresUrl
{
    private static readonly Dictionary<string, string> QueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["search_path"] = "Search Path",
        ["options"] = "Options",
    };

    /// <summary>Parses <paramref name="text"/>; the error never echoes the password.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string text, out string? error)
    {
        error = null;
        var builder = new NpgsqlConnectionStringBuilder { Timeout = 5, CommandTimeout = 15, ApplicationName = "helr" };
        try
        {
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
                FromUrl(text, builder, ref error);
            else if (text.Contains('='))
            {
                // Setting the whole string resets the defaults above; put back the ones the user did not set.
                builder.ConnectionString = text;
                if (!text.Contains("timeout", StringComparison.OrdinalIgnoreCase)) (builder.Timeout, builder.CommandTimeout) = (5, 15);
                if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "helr";
            }
            else
                error = "expected postgres://user:password@host:port/database or Host=…;Username=…;Database=…";
        }
        catch (ArgumentException ex)
        {
            error = $"not a valid connection string: {ex.Message.Split('\n')[0]}";
        }
        if (error is null && string.IsNullOrEmpty(builder.Host)) error = "the connection string names no host";
        return builder;
    }

    private static void FromUrl(string text, NpgsqlConnectionStringBuilder builder, ref string? error)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            error = "expected postgres://user:password@host:port/database";
            return;
        }
        builder.Host = url.Host.Trim('[', ']');
        builder.Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port;
        var database = Uri.UnescapeDataString(url.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!QueryKeys.TryGetValue(key, out var keyword))
            {
                error = $"unknown connection parameter '{key}' (supported: {string.Join(", ", QueryKeys.Keys)})";
                return;
            }
            builder[keyword] = keyword == "SSL Mode" ? LibpqSslMode(value) : value;
        }
    }

    // libpq's spellings, the ones every PostgreSQL guide writes in a URL: Npgsql's enum refused
    // verify-full and verify-ca ("Couldn't set SSL Mode"), the two modes that check the server's certificate.
    private static string LibpqSslMode(string value) => value.ToLowerInvariant() switch
    {
        "verify-full" => "VerifyFull",
        "verify-ca" => "VerifyCA",
        _ => value,
    };

    /// <summary>Where the store is, without credentials.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder b) => $"postgres {b.Username}@{b.Host}:{b.Port}/{b.Database ?? b.Username}";
}
