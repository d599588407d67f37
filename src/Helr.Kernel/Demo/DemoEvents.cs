using System.Globalization;
using System.Text.Json;

namespace Helr.Kernel.Demo;

/// <summary>Deterministic Okta System Log shaped events for the demo API.</summary>
internal static class DemoEvents
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly (string Type, string Legacy, string Message, string Result)[] Kinds =
    {
        ("user.session.start", "core.user_auth.login_success", "User login to Okta", "SUCCESS"),
        ("user.authentication.sso", "app.auth.sso", "User single sign on to app", "SUCCESS"),
        ("user.session.start", "core.user_auth.login_failed", "User login to Okta", "FAILURE"),
        ("user.account.update_password", "core.user.config.password_update.success", "User update password for Okta", "SUCCESS"),
        ("policy.evaluate_sign_on", "policy.evaluate_sign_on", "Evaluation of sign-on policy", "ALLOW"),
        ("user.session.end", "core.user_auth.logout_success", "User logout from Okta", "SUCCESS"),
    };
    private static readonly string[] People = { "alice", "bob", "carol", "dave", "erin", "frank", "grace" };

    public static string Uuid(int i) => $"{i:x8}-d3m0-4e1f-8a2b-{i:x12}".Replace("d3m0", "0de0");

    public static byte[] Render(int index)
    {
        var kind = Kinds[index % Kinds.Length];
        var person = People[index % People.Length];
        var published = Epoch.AddSeconds(index * 37L).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var evt = new Dictionary<string, object?>
        {
            ["uuid"] = Uuid(index),
            ["published"] = published,
            ["eventType"] = kind.Type,
            ["version"] = "0",
            ["severity"] = kind.Result == "FAILURE" ? "WARN" : "INFO",
            ["legacyEventType"] = kind.Legacy,
            ["displayMessage"] = kind.Message,
            ["actor"] = new { id = $"00u{index % People.Length:d4}demo", type = "User", alternateId = $"{person}@example.com", displayName = Capitalize(person) },
            ["client"] = new
            {
                userAgent = new { rawUserAgent = "Mozilla/5.0 (X11; Linux x86_64)", os = "Linux", browser = "FIREFOX" },
                zone = "null",
                device = "Computer",
                ipAddress = $"198.51.100.{index % 250 + 1}",
                geographicalContext = new { city = "Lisbon", country = "Portugal", postalCode = "1000-001", geolocation = new { lat = 38.7223, lon = -9.1393 } },
            },
            ["outcome"] = new { result = kind.Result, reason = kind.Result == "FAILURE" ? "INVALID_CREDENTIALS" : null },
            ["target"] = Array.Empty<object>(),
            ["transaction"] = new { type = "WEB", id = $"demo-tx-{index:d6}" },
            ["authenticationContext"] = new { authenticationStep = 0, externalSessionId = $"102demo{index:d6}" },
            ["debugContext"] = new { debugData = new { requestUri = "/api/v1/authn", threatSuspected = "false" } },
        };
        return JsonSerializer.SerializeToUtf8Bytes(evt);
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
