using System.Text;
using Helr.Kernel.Replay;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Replay;

/// <summary>A user's recording → <c>helr replay to-fixture</c>'s converter → the test kit's fake server → a source cycle.</summary>
public sealed class RecordedFixtureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-fixture-").FullName;

    [Fact]
    public async Task A_converted_recording_serves_its_pages_and_links_through_the_test_kit()
    {
        // As recorded against the live API: absolute links to its origin, which the fixture must not keep.
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "rec", "bug_report")).FullName;
        Write(folder, "000.json", "https://api.vendor.example/v1/logs?limit=2", """[{"id":"a"},{"id":"b"}]""",
            "<https://api.vendor.example/v1/logs?after=b>; rel=\"next\"");
        Write(folder, "001.json", "https://api.vendor.example/v1/logs?after=b", """[{"id":"c"}]""", null);
        var fixture = Path.Combine(_dir, "testdata", "bug-report.json");

        Assert.Equal(2, FixtureConverter.Convert(Path.Combine(_dir, "rec"), "bug.report", fixture));
        var text = File.ReadAllText(fixture);
        Assert.DoesNotContain("api.vendor.example", text);
        Assert.Contains("<{{server}}/v1/logs?after=b>", text);

        await using var server = await FakeVendorServer.StartAsync();
        RecordedFixture.Serve(server, text);
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {server.Url("/v1/logs?limit=2")}
            pagination:
              strategy: link_header
            """, server);
        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b", "c" }, cycle.EventField("id"));
        Assert.Equal("b", cycle.Requests[1].Param("after"));
    }

    [Fact]
    public void A_link_written_with_json_escaped_slashes_points_at_the_fake_server_too()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "rec", "s1")).FullName;
        Write(folder, "000.json", "https://api.vendor.example/v1/logs",
            """{"data":[{"id":"a"}],"links":{"next":"https:\/\/api.vendor.example\/v1\/logs?page=2"}}""", null);
        var fixture = Path.Combine(_dir, "fixture.json");

        FixtureConverter.Convert(Path.Combine(_dir, "rec"), "s1", fixture);
        var text = File.ReadAllText(fixture);

        Assert.DoesNotContain("api.vendor.example", text);
        Assert.Contains("\"next\": \"{{server}}/v1/logs?page=2\"", text);
    }

    private static void Write(string folder, string name, string url, string body, string? link)
    {
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json" };
        if (link is not null) headers["link"] = link;
        File.WriteAllBytes(Path.Combine(folder, name), RecordingFile.Write(new RecordedExchange
        {
            Url = url, RequestUrl = url, Status = 200, Headers = headers, Body = Encoding.UTF8.GetBytes(body),
        }));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
