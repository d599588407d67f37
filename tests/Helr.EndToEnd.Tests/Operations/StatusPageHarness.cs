using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// The status page (src/Helr.Kernel/Api/status.html, the file helr embeds, read from the source tree) in headless chromium with its API and its
/// 5 s timer replaced by a script run before the page's own: every fetch is held until the script answers it, and the
/// timer fires only when the script says. Nothing depends on timing: answers are given in a chosen order, each followed
/// by one turn of the event loop (the page's code after a fetch runs in microtasks, all done by then). What the page did
/// is written on &lt;body&gt; as data- attributes for the test to read in the dumped DOM.
/// </summary>
internal static class StatusPageHarness
{
    /// <summary>
    /// Loads the page with sources <paramref name="ids"/>; fires the refresh timer <paramref name="ticks"/> times while
    /// the first refresh is unanswered, then answers every request, newest first (<paramref name="newestFirst"/>) or
    /// oldest first, until none is left. The n-th answer of api/v1/sources gives every source last_error "answer n".
    /// </summary>
    public static Task<string> RunAsync(TempDir dir, IReadOnlyList<string> ids, int ticks, bool newestFirst)
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Helr.Kernel", "Api", "status.html"));
        var at = page.IndexOf("<script>", StringComparison.Ordinal);
        Assert.True(at >= 0, "status.html has no <script>");
        var script = Script.Replace("__IDS__", JsonSerializer.Serialize(ids)).Replace("__TICKS__", ticks.ToString())
            .Replace("__NEWEST_FIRST__", newestFirst ? "true" : "false");
        var file = dir.Write("status.html", page[..at] + "<script>" + script + "</script>\n" + page[at..]);
        return Chromium.DumpDomAsync(new Uri(file).AbsoluteUri, 5000, dir.File("chromium-profile"));
    }

    private const string Script = """
        "use strict";
        (() => {
          const ids = __IDS__, ticks = __TICKS__, newestFirst = __NEWEST_FIRST__;
          const held = [], timers = [];
          let listings = 0, open = 0, maxOpen = 0;
          window.setInterval = fn => { timers.push(fn); return timers.length; };
          const answer = (status, body) => ({ status, json: async () => body });
          window.fetch = url => new Promise(resolve => {
            url = String(url);
            const listing = url.endsWith("api/v1/sources");
            if (listing) { open++; maxOpen = Math.max(maxOpen, open); }
            held.push(() => {
              if (!listing) return resolve(answer(200, { state: { cursor: "c" } }));
              open--;
              const n = ++listings;
              const sources = {};
              for (const id of ids) sources[id] = { status: "ok", circuit_state: { state: "closed", enabled: true, failures: 0 }, lag_secs: 1,
                last_success: "2026-01-01T00:00:00Z", events_last_hour: 0, events_per_minute: [0, 0], last_error: "answer " + n, last_error_at: "2026-01-01T00:00:00Z" };
              resolve(answer(200, { version: "test", uptime_secs: 1, sources }));
            });
          });
          const turn = () => new Promise(r => setTimeout(r, 0));
          window.addEventListener("load", async () => {
            await turn();
            for (let i = 0; i < ticks; i++) { timers.forEach(fn => fn()); await turn(); }
            for (let i = 0; i < 100 && held.length > 0; i++) {
              (newestFirst ? held.pop() : held.shift())();
              await turn();
            }
            const overflowing = [...document.querySelectorAll("section.source")].filter(card => {
              const heading = card.querySelector("h2");
              return heading.scrollWidth > heading.clientWidth || card.scrollWidth > card.clientWidth;
            }).map(card => card.getAttribute("data-source"));
            const body = document.body;
            body.setAttribute("data-listings", String(listings));
            body.setAttribute("data-max-open", String(maxOpen));
            body.setAttribute("data-unanswered", String(held.length));
            body.setAttribute("data-overflowing", JSON.stringify(overflowing));
            body.setAttribute("data-page-overflows", String(document.documentElement.scrollWidth > document.documentElement.clientWidth));
            body.setAttribute("data-harness", "done");
          });
        })();
        """;
}
