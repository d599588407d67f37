using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// The status page refreshed every 5 s whether or not the last refresh had finished: with many sources and a slow
/// state store refreshes piled up, each one more load on the store, and an older answer arriving last was shown
/// after a newer one. Refreshes now never overlap: one asked for while another runs follows it.
/// </summary>
public sealed partial class StatusPageRefreshTests
{
    [SkippableFact]
    public async Task Refreshes_never_overlap_and_the_newest_answer_is_the_one_shown()
    {
        Skip.If(Chromium.MissingReason is not null, Chromium.MissingReason);
        using var dir = new TempDir();

        // Two timer ticks while the first listing is unanswered; answers come newest first, as a slow one would.
        var dom = await StatusPageHarness.RunAsync(dir, ["s1", "s2"], ticks: 2, newestFirst: true);

        Assert.Equal("done", Body(dom, "harness"));
        Assert.Equal("0", Body(dom, "unanswered"));
        Assert.Equal("1", Body(dom, "max-open"));
        var listings = Body(dom, "listings");
        // A tick during a refresh is not lost: a refresh follows the one it waited for.
        Assert.Equal("2", listings);
        foreach (var id in new[] { "s1", "s2" })
            Assert.Contains($"answer {listings} (", Assert.Single(LastError(id).Matches(dom)).Groups["error"].Value);
    }

    private static string Body(string dom, string name) => Regex.Match(dom, $"<body[^>]* data-{name}=\"(?<v>[^\"]*)\"").Groups["v"].Value;

    private static Regex LastError(string id) => new($"data-source=\"{Regex.Escape(id)}\".*?<dd class=\"error last-error\">(?<error>[^<]*)</dd>", RegexOptions.Singleline);
}
