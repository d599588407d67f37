using System.Net;
using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// A long source id (a config key, any length, often without a space: okta-prod-eu-system-log-…) ran out of its card's
/// heading over the status badge and past the card's edge. It is now cut with an ellipsis, whole in its title.
/// </summary>
public sealed class StatusPageLayoutTests
{
    [SkippableFact]
    public async Task A_long_source_id_stays_inside_its_card_and_is_whole_in_its_title()
    {
        Skip.If(Chromium.MissingReason is not null, Chromium.MissingReason);
        using var dir = new TempDir();
        var id = "okta-production-eu-west-system-log-" + string.Concat(Enumerable.Repeat("abcdefghij", 12));

        var dom = await StatusPageHarness.RunAsync(dir, ["s1", id], ticks: 0, newestFirst: false);

        Assert.Equal("done", Attribute(dom, "data-harness"));
        Assert.Equal("[]", WebUtility.HtmlDecode(Attribute(dom, "data-overflowing")));
        Assert.Equal("false", Attribute(dom, "data-page-overflows"));
        Assert.Contains($"<span class=\"id\" title=\"{id}\">{id}</span>", dom);
    }

    private static string Attribute(string dom, string name) => Regex.Match(dom, $"<body[^>]* {name}=\"(?<v>[^\"]*)\"").Groups["v"].Value;
}
