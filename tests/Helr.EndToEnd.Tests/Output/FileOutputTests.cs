using System.Text.Json;
using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

public sealed partial class FileOutputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Config(string url) => $"""
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
              max_pages: 1000
        """;

    [Fact]
    public async Task Size_rotation_under_load_never_splits_a_line_and_loses_nothing()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 120, perPage: 50);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api.Url));
        var output = dir.File("out/nested/events.ndjson");
        var result = await HelrProcess.RunAsync($"run --once -c {config} --output {output} --output-rotate size:1", dir.Path, timeout: Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        var files = Directory.GetFiles(dir.File("out/nested"));
        Assert.True(files.Length >= 5, string.Join(", ", files));
        Assert.All(files, f => Assert.Matches(RotatedName(), Path.GetFileName(f)));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 1024 * 1024, $"{f}: {new FileInfo(f).Length} bytes"));
        var ids = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.EndsWith("\n", text);
            ids.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!));
        }
        Assert.Equal(api.Total, ids.Count);
        Assert.Equal(api.Ids(), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Appends_to_an_existing_file()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"new"}]"""));
        using var dir = new TempDir();
        var output = dir.Write("events.ndjson", "{\"old\":true}\n");
        var result = await HelrProcess.RunAsync($"run --once -c {dir.Write("helr.yaml", Config(server.Url("/logs")))} -o {output}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.Equal("new", JsonDocument.Parse(lines[1]).RootElement.GetProperty("event").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("--output {blocked}/events.ndjson", "cannot open output file")]
    [InlineData("--output {dir}", "cannot open output file \"{dir}\": it is a folder, not a file")]
    [InlineData("--output {dir}/e.ndjson --output-rotate weekly", "rotation must be 'daily' or 'size:N'")]
    [InlineData("--output {dir}/e.ndjson --output-rotate size:0", "size must be > 0")]
    [InlineData("--output http://127.0.0.1:9/ingest", "not supported yet")]
    public async Task Unusable_outputs_are_clear_startup_errors(string options, string error)
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var blocked = dir.Write("a-file", "not a folder");
        var args = options.Replace("{blocked}", blocked).Replace("{dir}", dir.Path);
        var result = await HelrProcess.RunAsync($"run --once -c {dir.Write("helr.yaml", Config(server.Url("/logs")))} {args}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(error.Replace("{dir}", dir.Path), result.Stderr);
        Assert.Empty(server.Requests);
    }

    [GeneratedRegex(@"^events(\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(\.\d+)?)?\.ndjson$")]
    private static partial Regex RotatedName();
}
