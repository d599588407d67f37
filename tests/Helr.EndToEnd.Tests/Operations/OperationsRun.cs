using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// A continuous helr run against a two-page bearer-token API, with a distinctive token value that no
/// log line, dump or metric may show.
/// </summary>
internal static partial class OperationsRun
{
    public const string Secret = "tok-Distinctive-S3cret-7f3a9";
    public const string TokenVariable = "E2E_OPS_TOKEN";

    public static Dictionary<string, string?> Env => new() { [TokenVariable] = Secret };

    /// <summary>Two pages, three events dated 2020 (so the lag is years), served only with the token.</summary>
    public static void ServeLogs(FakeVendorServer api) =>
        api.OnGet("/logs", r => r.Header("Authorization") != $"Bearer {Secret}"
            ? FakeResponse.Json("""{"error":"unauthorized"}""", 401)
            : r.Param("page") is null
                ? FakeResponse.Json("""[{"id":"a","published":"2020-01-01T00:00:00Z"},{"id":"b","published":"2020-01-02T00:00:00Z"}]""").WithNext(api.Url("/logs?page=2"))
                : FakeResponse.Json("""[{"id":"c","published":"2020-01-03T00:00:00Z"}]"""));

    public static string Config(TempDir dir, FakeVendorServer api, string global) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        {global}
        sources:
          s1:
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: {TokenVariable}
            pagination:
              strategy: link_header
            transform:
              timestamp_field: published
            schedule:
              interval_secs: 3600
        """);

    /// <summary>The URL from the start-up line <c>metrics on http://…</c>.</summary>
    public static string MetricsUrl(string stderr) => MetricsLine().Match(stderr) is { Success: true } m ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"no 'metrics on' line in:\n{stderr}");

    [GeneratedRegex(@"metrics on (http://\S+)")]
    private static partial Regex MetricsLine();
}
