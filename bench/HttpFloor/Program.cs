// The floor of a .NET collector's per-page cost: GET each URL of a file in turn over one pooled
// HttpClient (as Helr's SocketsHttpHandler), read the body into a reused buffer and drop it. No
// parsing, no output, no resilience. Prints the total body bytes, which bench/run.sh checks.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HttpFloor URL-FILE");
    return 2;
}
var urls = File.ReadAllLines(args[0]).Where(u => u.Length > 0).ToArray();
using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
var buffer = new byte[1 << 20];
long total = 0;
foreach (var url in urls)
{
    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    int n;
    while ((n = await body.ReadAsync(buffer)) > 0) total += n;
}
Console.WriteLine(total);
return 0;
