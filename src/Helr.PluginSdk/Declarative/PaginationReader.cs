using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Declarative;

/// <summary>Reads a source's <c>pagination:</c> block, laid over a vendor's default paging.</summary>
internal static class PaginationReader
{
    // The keys only some strategies read, by the strategies that read them (in StrategyNames order).
    private static readonly (string Key, PaginationStrategy[] Owners)[] OwnKeys =
    [
        ("rel", [PaginationStrategy.LinkHeader]),
        ("cursor_param", [PaginationStrategy.Cursor]),
        ("cursor_path", [PaginationStrategy.Cursor]),
        ("page_param", [PaginationStrategy.PageOffset]),
        ("offset_param", [PaginationStrategy.Offset]),
        ("limit_param", [PaginationStrategy.PageOffset, PaginationStrategy.Offset]),
        ("limit", [PaginationStrategy.PageOffset, PaginationStrategy.Offset]),
    ];

    public static PaginationOptions? Read(ConfigNode source, PaginationOptions? d)
    {
        var node = source.Mapping("pagination");
        if (node is null) return d;
        var name = node.Choice("strategy", DeclarativeReader.StrategyNames, required: d is null);
        PaginationStrategy? strategy = name is null ? d?.Strategy : (PaginationStrategy)DeclarativeReader.StrategyNames.ToList().IndexOf(name);
        if (strategy is null)
        {
            // Which keys belong depends on the strategy: without one, each key a strategy reads was called
            // unknown ("page_param: unknown key (known keys: strategy)"), burying the one real problem.
            node.Know([.. OwnKeys.Select(k => k.Key), "max_pages", "stop_on_empty_page"]);
            return d;
        }
        RefuseOtherStrategiesKeys(node, strategy.Value);
        var inherit = d is not null && d.Strategy == strategy ? d : null;
        var needsCursor = strategy == PaginationStrategy.Cursor;
        var needsPage = strategy == PaginationStrategy.PageOffset;
        var needsOffset = strategy == PaginationStrategy.Offset;
        return new PaginationOptions
        {
            Strategy = strategy.Value,
            Rel = (strategy == PaginationStrategy.LinkHeader ? DeclarativeReader.NonEmpty(node, "rel") : null) ?? inherit?.Rel ?? "next",
            MaxPages = (int)(MaxPages(node) ?? inherit?.MaxPages ?? 100),
            CursorParam = (needsCursor ? node.String("cursor_param", required: inherit?.CursorParam is null) : null) ?? inherit?.CursorParam,
            CursorPath = (needsCursor ? node.DottedPathString("cursor_path", required: inherit?.CursorPath is null) : null) ?? inherit?.CursorPath,
            PageParam = (needsPage ? node.String("page_param", required: inherit?.PageParam is null) : null) ?? inherit?.PageParam,
            OffsetParam = (needsOffset ? node.String("offset_param", required: inherit?.OffsetParam is null) : null) ?? inherit?.OffsetParam,
            LimitParam = (needsPage || needsOffset ? node.String("limit_param", required: inherit?.LimitParam is null) : null) ?? inherit?.LimitParam,
            Limit = (needsPage || needsOffset ? Limit(node, required: inherit is null) : null) ?? inherit?.Limit ?? 0,
            StopOnEmptyPage = node.Boolean("stop_on_empty_page") ?? inherit?.StopOnEmptyPage ?? true,
        };
    }

    // Upstream refuses them (each strategy has its own keys); read by nobody here, `limit: 500` under
    // cursor looked like a page size and `cursor_param` under link_header like cursor paging, and did nothing.
    private static void RefuseOtherStrategiesKeys(ConfigNode node, PaginationStrategy strategy)
    {
        var used = DeclarativeReader.StrategyNames[(int)strategy];
        foreach (var (key, owners) in OwnKeys)
        {
            if (owners.Contains(strategy) || node.Child(key) is null) continue;
            var by = string.Join(" and ", owners.Select(o => DeclarativeReader.StrategyNames[(int)o]));
            node.Fail(key, $"is read only by strategy {by}, and this source pages with {used}: it would do nothing; "
                + $"remove it, or set strategy: {DeclarativeReader.StrategyNames[(int)owners[0]]} if that is the paging meant");
        }
    }

    // 0 is not "unlimited" upstream either: its page_offset and offset loops (1..=max_pages) fetch no
    // page at all, a source that silently collects nothing.
    private static long? MaxPages(ConfigNode node) =>
        node.AtLeastOne("max_pages", "0 is not unlimited, it would fetch no page (as upstream's page_offset and offset do)", max: 1_000_000);

    private static long? Limit(ConfigNode node, bool required)
    {
        if (required && node.Child("limit") is null) node.Fail("limit", "required");
        return node.AtLeastOne("limit", "it asks the API for empty pages; upstream sends limit=0, never sees a short page and so "
            + "requests max_pages pages every poll (offset: the same page each time); write the API's page size, e.g. 100");
    }
}
