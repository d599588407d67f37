using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// A source id is one path segment of the <c>{id}</c> routes, percent-encoded as the status page
/// (encodeURIComponent) and any client encode it, so an id holding a slash is reached as <c>%2F</c>.
/// </summary>
public sealed class SourceIdRouteTests
{
    [Fact]
    public async Task A_source_id_with_a_slash_or_a_percent_sign_is_reached_by_its_encoded_form()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              "okta/prod":
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
              "100%2Fx":
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.Process.WaitForStderrAsync("poll ok: okta/prod", TimeSpan.FromSeconds(30));

        foreach (var (id, encoded) in new[] { ("okta/prod", "okta%2Fprod"), ("100%2Fx", "100%252Fx") })
        {
            var (status, one, text) = await helr.GetAsync($"/api/v1/sources/{encoded}");
            Assert.True(status == 200, $"{encoded}: {status} {text}");
            Assert.Equal(id, one!["source_id"]!.GetValue<string>());
            var (stateStatus, state, stateText) = await helr.GetAsync($"/api/v1/sources/{encoded}/state");
            Assert.True(stateStatus == 200, $"{encoded}/state: {stateStatus} {stateText}");
            Assert.Equal(id, state!["source_id"]!.GetValue<string>());
            var (configStatus, _, configText) = await helr.GetAsync($"/api/v1/sources/{encoded}/config");
            Assert.True(configStatus == 200, $"{encoded}/config: {configStatus} {configText}");
            var (pollStatus, poll, pollText) = await helr.PostAsync($"/api/v1/sources/{encoded}/poll");
            Assert.True(pollStatus == 200, $"{encoded}/poll: {pollStatus} {pollText}");
            Assert.Equal(id, poll!["source_id"]!.GetValue<string>());
        }
        // Another id's encoding is not this one: "100/x" is no source.
        var (other, error, _) = await helr.GetAsync("/api/v1/sources/100%2Fx");
        Assert.Equal(404, other);
        Assert.Equal("100/x", error!["source_id"]!.GetValue<string>());
    }
}
