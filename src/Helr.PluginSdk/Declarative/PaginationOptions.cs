namespace Helr.PluginSdk.Declarative;

/// <summary>How a declarative source moves from page to page (<c>pagination:</c>).</summary>
public sealed record PaginationOptions
{
    /// <summary><c>strategy</c>.</summary>
    public required PaginationStrategy Strategy { get; init; }

    /// <summary><c>rel</c> of the Link header entry to follow (link_header).</summary>
    public string Rel { get; init; } = "next";

    /// <summary><c>max_pages</c> per cycle.</summary>
    public int MaxPages { get; init; } = 100;

    /// <summary><c>cursor_param</c>: query parameter (GET) or body key (POST) carrying the cursor.</summary>
    public string? CursorParam { get; init; }

    /// <summary><c>cursor_path</c>: dotted path of the next cursor in the response.</summary>
    public string? CursorPath { get; init; }

    /// <summary><c>page_param</c> (page_offset).</summary>
    public string? PageParam { get; init; }

    /// <summary><c>offset_param</c> (offset).</summary>
    public string? OffsetParam { get; init; }

    /// <summary><c>limit_param</c> (page_offset, offset).</summary>
    public string? LimitParam { get; init; }

    /// <summary><c>limit</c>: page size (page_offset, offset).</summary>
    public long Limit { get; init; }

    /// <summary>
    /// <c>stop_on_empty_page</c>: end the cycle on a page with no events even when a next link or
    /// cursor is present, storing it to resume from (APIs such as Okta always return a next link).
    /// </summary>
    public bool StopOnEmptyPage { get; init; } = true;
}
