using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Output;

/// <summary>
/// Which line a full <see cref="BudgetQueue"/> gives up under <c>strategy: drop</c>. With a line limit
/// alone, oldest_first and newest_first are a bounded Channel's own DropOldest/DropWrite modes
/// (<see cref="ChannelQueue"/>); this is for the rest: <c>random</c> removes a line from the middle of
/// the queue, and a queue bounded by bytes or memory must weigh each line, neither of which a Channel can.
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
