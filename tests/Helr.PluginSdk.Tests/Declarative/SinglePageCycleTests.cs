using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Declarative;

public class SinglePageCycleTests
{
    private static readonly DeclarativeOptions Options = new()
    {
        Url = new Uri("https://api.example.com/logs?fixed=1"),
        From = "2024-01-01",
        FromParam = "start",
        QueryParams = new[] { new KeyValuePair<string, string>("limit", "50") },
    };

    [Fact]
    public void One_request_to_the_first_request_url()
    {
        var cycle = new SinglePageCycle(Options, Pages.Context());
        Assert.Equal("https://api.example.com/logs?fixed=1&start=2024-01-01&limit=50", cycle.First!.Url.AbsoluteUri);
        var step = cycle.Page(cycle.First, "[1, 2, 3]");
        Assert.Null(step.Next);
        Assert.Empty(step.Checkpoint);
    }

    [Fact]
    public void Post_sends_the_body_as_is()
    {
        var options = Options with { Method = HttpMethod.Post, Body = """{"q":1}"""u8.ToArray() };
        Assert.Equal("""{"q":1}""", new SinglePageCycle(options, Pages.Context()).First!.JsonBody.Text());
    }

    [Fact]
    public void Post_without_a_body_leaves_it_to_the_kernel() =>
        Assert.Null(new SinglePageCycle(Options with { Method = HttpMethod.Post }, Pages.Context()).First!.JsonBody);
}
