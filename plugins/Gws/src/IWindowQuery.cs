using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.Plugins.Gws;

/// <summary>One Google API's way of asking for a time window, page by page.</summary>
internal interface IWindowQuery
{
    /// <summary>The event's time (RFC 3339).</summary>
    DottedPath TimePath { get; }

    /// <summary>
    /// Whether pages come newest first (Reports) rather than oldest first (Cloud Logging's
    /// <c>timestamp asc</c>): the part of a window already written is then its end, not its start.
    /// </summary>
    bool NewestFirst { get; }

    /// <summary>With the time, what identifies an event.</summary>
    DottedPath KeyPath { get; }

    /// <summary>
    /// Where <see cref="KeyPath"/>'s value is unique (Cloud Logging's <c>logName</c>: Google makes
    /// <c>insertId</c> unique only within a log), or null when it is unique throughout.
    /// </summary>
    DottedPath? ScopePath { get; }

    /// <summary>
    /// A hash of what defines the query besides the window (endpoint, filters, page size): a page token
    /// made with another one is not resumed (<see cref="StoredPageToken"/>).
    /// </summary>
    string Fingerprint { get; }

    /// <summary>
    /// A hash of what chooses the events a window holds (endpoint, customer, resources, Cloud Logging's
    /// filter), not of what narrows them within it or pages them: windows stored for another stream are
    /// not continued (<see cref="StreamPosition"/>).
    /// </summary>
    string Stream { get; }

    /// <summary>The request for <c>[start, end]</c>, at <paramref name="pageToken"/> when not null.</summary>
    PageRequest Request(DateTimeOffset start, DateTimeOffset end, string? pageToken);

    /// <summary>Whether <paramref name="request"/> carried a page token (so a 400 may mean the token expired).</summary>
    bool CarriesToken(PageRequest request);
}
