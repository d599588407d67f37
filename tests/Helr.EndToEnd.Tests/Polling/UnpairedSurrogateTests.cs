using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// JSON allows a string escape of half a UTF-16 surrogate pair (<c>"\ud800"</c>), which APIs cutting
/// strings at a UTF-16 length send. .NET cannot read such a string as text, so an id, time or
/// watermark holding one made every cycle fail at that page: the source stopped for good.
/// </summary>
public sealed class UnpairedSurrogateTests
{
    private const string Body = """
        [{"id":"a\ud800","published":"2024-05-01T10:00:00\udfff","seq":1},
         {"id":"b","published":"2024-05-01T10:00:01Z","seq":2},
         {"id":"a\ud800","published":"2024-05-01T10:00:02Z","seq":3}]
        """;

    [Fact]
    public async Task Ids_times_and_watermarks_with_one_are_read_and_copied_exactly()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json(Body));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/logs")}
                transform:
                  id_field: id
                dedupe:
                  id_path: id
                state:
                  watermark_field: published
                  watermark_param: since
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The third event repeats the first one's id: dedupe drops it (the watermark still counts it).
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("""{"ts":"2024-05-01T10:00:00\udfff",""", lines[0]);
        Assert.EndsWith(""","meta":{"id":"a\ud800"}}""", lines[0]);
        Assert.EndsWith(""","meta":{"id":"b"}}""", lines[1]);
        Assert.Equal("2024-05-01T10:00:02Z", await StateCli.GetAsync(config, "s1", "watermark"));
    }
}
