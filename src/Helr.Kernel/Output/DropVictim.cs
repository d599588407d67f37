namespace Helr.Kernel.Output;

/// <summary>
/// Which queued line a full queue gives up under <c>strategy: drop</c>. Written by hand rather than
/// left to a bounded <c>Channel</c>'s DropOldest/DropNewest modes: a channel cannot drop a random
/// line, cannot bound by bytes (<c>stdout_buffer_size</c>) or process memory, and cannot age lines
/// out (<c>max_queue_age</c>); the one <see cref="LineQueue"/> serves all of these.
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
}
