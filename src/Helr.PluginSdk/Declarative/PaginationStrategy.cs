namespace Helr.PluginSdk.Declarative;

/// <summary>The closed set of <c>pagination.strategy</c> values; anything else is a load error.</summary>
public enum PaginationStrategy
{
    /// <summary><c>link_header</c>: follow <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
    LinkHeader,

    /// <summary><c>cursor</c>: read the next cursor from the body and send it back.</summary>
    Cursor,

    /// <summary><c>page_offset</c>: page=1,2,… with a page size.</summary>
    PageOffset,

    /// <summary><c>offset</c>: offset=0,limit,2·limit,… with a page size.</summary>
    Offset,
}
