// Okta System Log-shaped events, generated deterministically (seeded Random) so every run of the
// benchmark serves the same bytes.

using System.Globalization;
using System.Text.Json;

static class EventGenerator
{
    static readonly string[] EventTypes =
    [
        "user.session.start", "user.authentication.sso", "user.authentication.auth_via_mfa",
        "policy.evaluate_sign_on", "user.session.end", "app.oauth2.as.token.grant.access_token",
        "user.account.update_password", "system.api_token.create", "group.user_membership.add",
        "user.mfa.factor.activate",
    ];
    static readonly string[] LegacyTypes =
    [
        "core.user_auth.login_success", "app.auth.sso", "core.user.factor.attempt_success",
        null!, "core.user_auth.logout_success", null!, "core.user.config.password_update.success",
        "api.token.create", "core.user_group_member.add", "core.user.factor.activate",
    ];
    static readonly string[] Names = ["Alice Anders", "Bob Brown", "Carol Chen", "Dan Diaz", "Eve Evans", "Frank Fox", "Grace Green", "Heidi Hall"];
    static readonly (string City, string State, string Country, string Postal, double Lat, double Lon)[] Geo =
    [
        ("San Francisco", "California", "United States", "94107", 37.7697, -122.3933),
        ("New York", "New York", "United States", "10001", 40.7506, -73.9971),
        ("London", "England", "United Kingdom", "EC1A", 51.5164, -0.0930),
        ("Berlin", "Land Berlin", "Germany", "10115", 52.5323, 13.3846),
        ("Tokyo", "Tokyo", "Japan", "100-0001", 35.6850, 139.7514),
    ];
    static readonly (string Ua, string Os, string Browser)[] Agents =
    [
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Mac OS X", "CHROME"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Windows 10", "EDGE_CHROMIUM"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Linux", "FIREFOX"),
        ("Okta-Integrations", "Unknown", "UNKNOWN"),
    ];

    public static byte[][] GeneratePages(int pageCount, int eventsPerPage)
    {
        var rng = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var pages = new byte[pageCount][];
        long seq = 0;
        for (int p = 0; p < pageCount; p++)
        {
            using var ms = new MemoryStream(eventsPerPage * 1500); // events average 1.41 KB: no regrowth
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartArray();
                for (int e = 0; e < eventsPerPage; e++, seq++)
                    WriteEvent(w, rng, seq, start.AddMilliseconds(seq * 37));
                w.WriteEndArray();
            }
            pages[p] = ms.ToArray();
        }
        return pages;
    }

    static string OktaId(Random rng, string prefix)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> c = stackalloc char[20 - prefix.Length];
        for (int i = 0; i < c.Length; i++) c[i] = alphabet[rng.Next(alphabet.Length)];
        return prefix + new string(c);
    }

    static void WriteEvent(Utf8JsonWriter w, Random rng, long seq, DateTimeOffset published)
    {
        int t = rng.Next(EventTypes.Length);
        string name = Names[rng.Next(Names.Length)];
        string login = name.ToLowerInvariant().Replace(' ', '.') + "@example.com";
        var geo = Geo[rng.Next(Geo.Length)];
        var agent = Agents[rng.Next(Agents.Length)];
        bool success = rng.Next(10) != 0;
        string ip = $"{rng.Next(1, 224)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}";
        string reqId = OktaId(rng, "Z");

        w.WriteStartObject();
        w.WriteString("uuid", new Guid(rng.Next(), (short)rng.Next(), (short)rng.Next(), (byte)rng.Next(), (byte)rng.Next(), (byte)(seq >> 40), (byte)(seq >> 32), (byte)(seq >> 24), (byte)(seq >> 16), (byte)(seq >> 8), (byte)seq).ToString());
        w.WriteString("published", published.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteString("eventType", EventTypes[t]);
        w.WriteString("version", "0");
        w.WriteString("severity", success ? "INFO" : "WARN");
        w.WriteString("displayMessage", EventTypes[t] switch
        {
            "user.session.start" => "User login to Okta",
            "user.session.end" => "User logout from Okta",
            "policy.evaluate_sign_on" => "Evaluation of sign-on policy",
            _ => "Event " + EventTypes[t],
        });

        w.WriteStartObject("actor");
        w.WriteString("id", OktaId(rng, "00u"));
        w.WriteString("type", "User");
        w.WriteString("alternateId", login);
        w.WriteString("displayName", name);
        w.WriteEndObject();

        w.WriteStartObject("client");
        w.WriteStartObject("userAgent");
        w.WriteString("rawUserAgent", agent.Ua);
        w.WriteString("os", agent.Os);
        w.WriteString("browser", agent.Browser);
        w.WriteEndObject();
        w.WriteString("zone", "null");
        w.WriteString("device", agent.Browser == "UNKNOWN" ? "Unknown" : "Computer");
        w.WriteString("ipAddress", ip);
        w.WriteStartObject("geographicalContext");
        w.WriteString("city", geo.City);
        w.WriteString("state", geo.State);
        w.WriteString("country", geo.Country);
        w.WriteString("postalCode", geo.Postal);
        w.WriteStartObject("geolocation");
        w.WriteNumber("lat", Math.Round(geo.Lat + rng.NextDouble() * 0.01, 4));
        w.WriteNumber("lon", Math.Round(geo.Lon + rng.NextDouble() * 0.01, 4));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("outcome");
        w.WriteString("result", success ? "SUCCESS" : "FAILURE");
        if (success) w.WriteNull("reason"); else w.WriteString("reason", "INVALID_CREDENTIALS");
        w.WriteEndObject();

        w.WriteStartArray("target");
        w.WriteStartObject();
        w.WriteString("id", OktaId(rng, "0oa"));
        w.WriteString("type", "AppInstance");
        w.WriteString("alternateId", "Salesforce.com");
        w.WriteString("displayName", "Salesforce.com");
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartObject("transaction");
        w.WriteString("type", "WEB");
        w.WriteString("id", reqId);
        w.WriteStartObject("detail");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("debugContext");
        w.WriteStartObject("debugData");
        w.WriteString("requestId", reqId);
        w.WriteString("requestUri", "/api/v1/authn");
        w.WriteString("threatSuspected", "false");
        w.WriteString("url", "/api/v1/authn?");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("authenticationContext");
        w.WriteNull("authenticationProvider");
        w.WriteNumber("authenticationStep", 0);
        w.WriteNull("credentialType");
        w.WriteString("externalSessionId", "102" + OktaId(rng, ""));
        w.WriteString("interface", "null");
        w.WriteEndObject();

        w.WriteStartObject("securityContext");
        w.WriteNumber("asNumber", rng.Next(1000, 65000));
        w.WriteString("asOrg", "example isp");
        w.WriteString("isp", "example isp inc");
        w.WriteString("domain", "example.net");
        w.WriteBoolean("isProxy", false);
        w.WriteEndObject();

        var legacy = LegacyTypes[t];
        if (legacy is null) w.WriteNull("legacyEventType"); else w.WriteString("legacyEventType", legacy);
        w.WriteEndObject();
    }
}
