// One named shape of fake pages: PageCount pages of EventsPerPage events. A distinct dataset holds
// every page (as the original benchmark did); a shared one generates a single page and serves its
// bytes for every page number, so 100 MB pages cost the fake 100 MB once, not per page.

using System.Globalization;

sealed class Dataset
{
    readonly byte[][] bodies;

    Dataset(string name, int pageCount, int eventsPerPage, bool shared, byte[][] bodies)
    {
        Name = name;
        PageCount = pageCount;
        EventsPerPage = eventsPerPage;
        Shared = shared;
        this.bodies = bodies;
    }

    public string Name { get; }
    public int PageCount { get; }
    public int EventsPerPage { get; }
    public bool Shared { get; }

    public byte[] Page(int page) => bodies[Shared ? 0 : page];

    public long TotalBytes => Shared ? (long)bodies[0].Length * PageCount : bodies.Sum(b => (long)b.Length);

    /// <summary>Parses NAME=PAGESxEVENTS or NAME=PAGESxEVENTS/shared and generates the bodies.</summary>
    public static Dataset Parse(string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--dataset '{spec}': expected NAME=PAGESxEVENTS[/shared]");
        string name = spec[..eq], shape = spec[(eq + 1)..];
        bool shared = shape.EndsWith("/shared", StringComparison.Ordinal);
        if (shared) shape = shape[..^"/shared".Length];
        int x = shape.IndexOf('x');
        if (x <= 0) throw new ArgumentException($"--dataset '{spec}': expected NAME=PAGESxEVENTS[/shared]");
        int pages = int.Parse(shape[..x], CultureInfo.InvariantCulture);
        int events = int.Parse(shape[(x + 1)..], CultureInfo.InvariantCulture);
        return Create(name, pages, events, shared);
    }

    public static Dataset Create(string name, int pages, int events, bool shared) =>
        new(name, pages, events, shared, EventGenerator.GeneratePages(shared ? 1 : pages, events));
}
