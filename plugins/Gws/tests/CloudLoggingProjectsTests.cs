using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// Cloud Logging with several <c>resource_names</c>: Google makes <c>insertId</c> unique only within a
/// log, so the overlap memory tells entries apart by their <c>logName</c> too.
/// </summary>
public class CloudLoggingProjectsTests
{
    private static string Config(FakeVendorServer api) => $"""
        api: cloud_logging
        resource_names: [projects/alpha, projects/beta]
        url: {api.Url("/")}
        from: "{DateTimeOffset.UtcNow.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}"
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        """;

    private static string Entry(string project, string insertId, string time) =>
        $$"""{"insertId":"{{insertId}}","logName":"projects/{{project}}/logs/cloudaudit.googleapis.com%2Factivity","timestamp":"{{time}}"}""";

    [Fact]
    public async Task Entries_of_two_projects_with_the_same_timestamp_and_insert_id_are_both_written()
    {
        var time = $"{DateTimeOffset.UtcNow.AddHours(-1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{{Entry("alpha", "abc1", time)}},{{Entry("beta", "abc1", time)}}]}"""));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "abc1", "abc1" }, cycle.EventField("insertId"));
        Assert.Equal(2, cycle.EventField("logName").Distinct().Count());
    }

    [Fact]
    public async Task An_entry_remembered_by_an_earlier_version_without_its_log_name_is_not_written_again()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var time = $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{{Entry("alpha", "old1", time)}},{{Entry("alpha", "new1", time)}}]}"""));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        harness.SetState("window_end", at.AddSeconds(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        harness.SetState("overlap_ids", $$"""["{{time}}|old1"]""");

        var cycle = await harness.RunCycleAsync();

        Assert.Equal(new[] { "new1" }, cycle.EventField("insertId"));
    }
}
