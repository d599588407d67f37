// Fake Okta System Log API for the Helr benchmark (bench/run.sh, bench/output.sh).
//
// Serves named datasets of Okta-shaped pages, all generated before the first request so serving
// costs only a socket write:
//   GET /d/{name}/logs[?after=N]   page N (default 0) of dataset {name}
//   GET /api/v1/logs[?after=N]     page N of dataset "main" (the original benchmark's path)
//   GET /s/{n}/logs[?after=N]      page N of dataset "sources" for source n (many-source case;
//                                  every n gets the same bytes)
// Every page but the last carries Link: <same path?after=N+1>; rel="next", plus Okta-style
// X-Rate-Limit-* headers; past the end the answer is [] without a link.
// The first stdout line is the base URL (e.g. http://127.0.0.1:41234); stderr gets one line per
// dataset with its size.
// Usage: FakeApi [--urls http://127.0.0.1:0 | https://127.0.0.1:0] [--dataset NAME=PAGESxEVENTS[/shared]]...
//                [--pages 200 --events-per-page 1000]   (dataset "main", distinct pages)
// With no --dataset and no --pages, "main" is 200 x 1000 as before.

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

int? pageCount = null;
int eventsPerPage = 1000;
var specs = new List<string>();
var passthrough = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--pages": pageCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--events-per-page": eventsPerPage = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--dataset": specs.Add(args[++i]); break;
        default: passthrough.Add(args[i]); break;
    }
}
if (!passthrough.Contains("--urls")) { passthrough.Add("--urls"); passthrough.Add("http://127.0.0.1:0"); }
if (pageCount is null && specs.Count == 0) pageCount = 200;

var datasets = new Dictionary<string, Dataset>(StringComparer.Ordinal);
if (pageCount is int pc) datasets["main"] = Dataset.Create("main", pc, eventsPerPage, shared: false);
foreach (var spec in specs)
{
    var d = Dataset.Parse(spec);
    datasets[d.Name] = d;
}
// The generators' garbage (MemoryStream copies) would otherwise stay in the fake's heap.
GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

var builder = WebApplication.CreateSlimBuilder(passthrough.ToArray());
builder.Logging.ClearProviders(); // keep stdout clean: first line must be the base URL
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
// For --urls https://…: the certificate comes from Kestrel__Certificates__Default__Path/KeyPath (bench/run.sh's tls case).
builder.WebHost.UseKestrelHttpsConfiguration();
var app = builder.Build();

string baseUrl = "";
string resetEpoch = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60).ToString(CultureInfo.InvariantCulture);
byte[] emptyArray = "[]"u8.ToArray();
const int WriteSlice = 1024 * 1024;

async Task Serve(HttpContext ctx, string? name, string path)
{
    var resp = ctx.Response;
    if (name is null || !datasets.TryGetValue(name, out var data))
    {
        resp.StatusCode = 404;
        return;
    }
    int page = 0;
    var after = ctx.Request.Query["after"];
    if (after.Count > 0 && !int.TryParse(after[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out page))
    {
        resp.StatusCode = 400;
        return;
    }
    resp.ContentType = "application/json";
    resp.Headers["X-Rate-Limit-Limit"] = "1000000";
    resp.Headers["X-Rate-Limit-Remaining"] = "999999";
    resp.Headers["X-Rate-Limit-Reset"] = resetEpoch;
    if (page < 0 || page >= data.PageCount)
    {
        // Past the end: empty array, no next link (Okta semantics for a caught-up cursor).
        resp.ContentLength = emptyArray.Length;
        await resp.Body.WriteAsync(emptyArray);
        return;
    }
    if (page < data.PageCount - 1)
        resp.Headers["Link"] = string.Concat("<", baseUrl, path, "?after=", (page + 1).ToString(CultureInfo.InvariantCulture), ">; rel=\"next\"");
    byte[] body = data.Page(page);
    resp.ContentLength = body.Length;
    // In slices: Kestrel copies a write into its pipe whole before applying backpressure, so one
    // 100 MB write would cost the fake another 100 MB and a long copy on the client's time.
    for (int offset = 0; offset < body.Length; offset += WriteSlice)
        await resp.Body.WriteAsync(body.AsMemory(offset, Math.Min(WriteSlice, body.Length - offset)));
}

app.MapGet("/api/v1/logs", (HttpContext ctx) => Serve(ctx, "main", "/api/v1/logs"));
app.MapGet("/d/{name}/logs", (HttpContext ctx, string name) => Serve(ctx, name, $"/d/{name}/logs"));
app.MapGet("/s/{n:int}/logs", (HttpContext ctx, int n) => Serve(ctx, "sources", $"/s/{n}/logs"));

app.Start();

var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
baseUrl = addresses.First().TrimEnd('/');

Console.Out.WriteLine(baseUrl);
Console.Out.Flush();
foreach (var d in datasets.Values)
{
    long events = (long)d.PageCount * d.EventsPerPage;
    Console.Error.WriteLine($"FakeApi: {d.Name}: {d.PageCount} pages x {d.EventsPerPage} events{(d.Shared ? " (one page body shared)" : "")}, {d.TotalBytes} bytes ({d.TotalBytes / (double)Math.Max(1, events):F0} B/event, {d.Page(0).Length} bytes per page)");
}

app.WaitForShutdown();
