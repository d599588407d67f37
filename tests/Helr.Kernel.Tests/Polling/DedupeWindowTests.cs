using Helr.Kernel.Polling;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

public sealed class DedupeWindowTests
{
    [Fact]
    public void Drops_repeats_within_capacity_and_forgets_the_oldest()
    {
        var window = new DedupeWindow(2);
        Assert.True(window.Add("a"));
        Assert.False(window.Add("a"));
        Assert.True(window.Add("b"));
        Assert.True(window.Add("c"));
        Assert.True(window.Add("a"));
        Assert.False(window.Add("c"));
    }

    [Fact]
    public void Events_without_an_id_are_never_dropped()
    {
        var window = new DedupeWindow(10);
        Assert.True(window.Add(null));
        Assert.True(window.Add(null));
        Assert.True(window.Add(""));
    }
}
