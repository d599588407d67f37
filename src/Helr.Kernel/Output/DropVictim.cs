using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// Which line a full <see cref="BudgetQueue"/> gives up under <c>strategy: drop</c>. Written by hand
/// rather than left to a bounded <c>Channel</c>'s DropOldest/DropNewest modes: a channel cannot drop a
/// random line, cannot bound by bytes (<c>stdout_buffer_size</c>) or process memory, and cannot age
/// lines out (<c>max_queue_age</c>); the one <see cref="LineQueue"/> serves all of these.
/// </summary>
internal static class DropVictim
{
    /// <summary>The index in a queue of <paramref name="queued"/> lines to drop, or -1 for the incoming line.</summary>
    public static int Choose(Config.DropPolicy policy, int queued, Random random) => policy switch
    {
        Config.DropPolicy.NewestFirst => -1,
        Config.DropPolicy.Random => random.Next(queued + 1) is var i && i == queued ? -1 : i,
        _ => 0,
    };

    /// <summary>
    /// Under the output lock: drops (and counts) a line to make room for an incoming line of
    /// <paramref name="incoming"/>'s page; true when the incoming line itself was the one dropped.
    /// </summary>
    public static bool MakeRoom(Config.DropPolicy policy, LineQueue queue, Random random, OutputState state, PageTicket incoming)
    {
        var victim = Choose(policy, queue.Count, random);
        if (victim < 0)
        {
            state.Dropped(incoming, EventsDropped.Backpressure);
            return true;
        }
        state.Dispose(queue.RemoveAt(victim), EventsDropped.Backpressure);
        return false;
    }
}
