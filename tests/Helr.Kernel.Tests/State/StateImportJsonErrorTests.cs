using Helr.Kernel.State;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr state import</c> of a file that is not JSON printed the parser's message, which quotes the input
/// ("'nope\n' is an invalid JSON literal"): a line break inside the error line, and a piece of a state file
/// (which may hold a cursor with a token in it) in the output. The error is now one line giving the position.
/// </summary>
public sealed class StateImportJsonErrorTests
{
    [Theory]
    [InlineData("nope\n", "line 1, byte 2")]
    [InlineData("{\"s1\": {\"cursor\": \"c1\"}}\nsecret-cursor-token\n", "line 2, byte 1")]
    [InlineData("{\"s1\": {\"cursor\": secret-cursor-token}}", "line 1, byte 19")]
    public async Task Invalid_json_is_one_line_naming_where_without_quoting_the_input(string json, string where)
    {
        var store = new MemoryStateStore();
        var ex = await Assert.ThrowsAsync<StateImportException>(() => StateExport.ImportAsync(store, json));
        Assert.StartsWith("invalid JSON", ex.Message);
        Assert.Contains("stdin", ex.Message);
        Assert.Contains(where, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain("nope", ex.Message);
        Assert.DoesNotContain("secret", ex.Message);
        Assert.Empty(await store.ListSourcesAsync());
    }
}
