using System.Text;
using Helr.Kernel.Polling;
using Helr.Kernel.State;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

public sealed class SourceDedupeTests
{
    private static byte[] Event(string id) => Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}""");

    [Fact]
    public async Task An_id_rendered_but_never_accepted_is_not_a_duplicate_the_next_time()
    {
        var dedupe = new SourceDedupe(new MemoryStateStore(), "s", "id", 100);
        await dedupe.EnsureLoadedAsync(CancellationToken.None);
        // The page is rendered, then the cycle fails before the output takes it.
        Assert.False(dedupe.IsDuplicate(Event("a"), new HashSet<string>(), out var id));
        Assert.Equal("a", id);
        Assert.False(dedupe.IsDuplicate(Event("a"), new HashSet<string>(), out _));
        Assert.Equal(0, dedupe.Mark);

        dedupe.Accept(new[] { "a" });
        Assert.True(dedupe.IsDuplicate(Event("a"), new HashSet<string>(), out _));
        Assert.Equal(1, dedupe.Mark);
        Assert.Equal(new[] { "a" }, dedupe.UnsavedBefore(dedupe.Mark));
    }

    [Fact]
    public async Task A_repeat_on_the_same_page_is_a_duplicate_before_the_page_is_accepted()
    {
        var dedupe = new SourceDedupe(new MemoryStateStore(), "s", "id", 100);
        await dedupe.EnsureLoadedAsync(CancellationToken.None);
        var page = new HashSet<string>();
        Assert.False(dedupe.IsDuplicate(Event("b"), page, out _));
        Assert.True(dedupe.IsDuplicate(Event("b"), page, out _));
        Assert.False(dedupe.IsDuplicate(Encoding.UTF8.GetBytes("""{"n":1}"""), page, out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public async Task Ids_forgotten_after_a_failed_hand_over_are_new_again_from_the_next_cycle_and_the_ids_before_them_stay_seen()
    {
        var dedupe = new SourceDedupe(new MemoryStateStore(), "s", "id", 100);
        await dedupe.EnsureLoadedAsync(CancellationToken.None);
        dedupe.Accept(new[] { "a" }); // an earlier page, written but not checkpointed yet
        var from = dedupe.Mark;
        dedupe.Accept(new[] { "b", "c" }); // the spilled page, seen at its end

        dedupe.Forget(from);
        await dedupe.EnsureLoadedAsync(CancellationToken.None);

        Assert.True(dedupe.IsDuplicate(Event("a"), new HashSet<string>(), out _));
        Assert.False(dedupe.IsDuplicate(Event("b"), new HashSet<string>(), out _));
        Assert.False(dedupe.IsDuplicate(Event("c"), new HashSet<string>(), out _));
        Assert.Equal(from, dedupe.Mark);
        Assert.Equal(new[] { "a" }, dedupe.UnsavedBefore(dedupe.Mark));
    }

    [Fact]
    public async Task A_numeric_id_is_an_id_too()
    {
        var dedupe = new SourceDedupe(new MemoryStateStore(), "s", "id", 100);
        await dedupe.EnsureLoadedAsync(CancellationToken.None);
        Assert.False(dedupe.IsDuplicate(Encoding.UTF8.GetBytes("""{"id":12345678901234567890}"""), new HashSet<string>(), out var id));
        Assert.Equal("12345678901234567890", id);
        dedupe.Accept(new[] { id! });
        Assert.True(dedupe.IsDuplicate(Encoding.UTF8.GetBytes("""{"id":12345678901234567890}"""), new HashSet<string>(), out _));
        Assert.False(dedupe.IsDuplicate(Encoding.UTF8.GetBytes("""{"id":12345678901234567891}"""), new HashSet<string>(), out _));
    }
}
