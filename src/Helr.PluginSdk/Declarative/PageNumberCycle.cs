using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// <c>page_offset</c> (page=1,2,… with limit) and <c>offset</c> (offset=0,limit,2·limit,…). Every cycle
/// starts at the first page; a page with fewer than <c>limit</c> events is the last. The range-start
/// and <c>query_params</c> are sent on every page, since each page URL is built from the source URL.
/// </summary>
public sealed class PageNumberCycle : DeclarativeCycle
{
    private readonly Uri _base;

    /// <summary>Starts at page 1 / offset 0.</summary>
    public PageNumberCycle(DeclarativeOptions options, CycleContext context) : base(options, context)
    {
        _base = FirstRequestUrl();
        First = PageRequestFor(1);
    }

    /// <inheritdoc />
    public override PageRequest? First { get; }

    /// <inheritdoc />
    protected override PageStep Next(PageResponse response, EventBatch events)
    {
        var full = events.ParseError is not null || events.Count >= Options.Pagination!.Limit;
        if (!full || Pages >= MaxPages) return PageStep.Stop();
        return PageStep.Continue(PageRequestFor(Pages + 1));
    }

    private PageRequest PageRequestFor(int page)
    {
        var p = Options.Pagination!;
        var position = p.Strategy == "offset"
            ? new KeyValuePair<string, string>(p.OffsetParam!, ((page - 1) * p.Limit).ToString(CultureInfo.InvariantCulture))
            : new KeyValuePair<string, string>(p.PageParam!, page.ToString(CultureInfo.InvariantCulture));
        var limit = new KeyValuePair<string, string>(p.LimitParam!, p.Limit.ToString(CultureInfo.InvariantCulture));
        return Request(QueryString.Append(_base, new[] { position, limit }));
    }
}
