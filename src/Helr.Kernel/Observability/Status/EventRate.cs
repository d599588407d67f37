namespace Helr.Kernel.Observability.Status;

/// <summary>Events per minute over the last hour: 60 one-minute buckets keyed by the minute they count.</summary>
internal sealed class EventRate
{
    public const int Minutes = 60;

    private readonly long[] _counts = new long[Minutes];
    private readonly long[] _minuteOf = new long[Minutes];

    public void Add(DateTimeOffset now, long events)
    {
        var minute = MinuteOf(now);
        var slot = (int)(minute % Minutes);
        if (_minuteOf[slot] != minute)
        {
            _minuteOf[slot] = minute;
            _counts[slot] = 0;
        }
        _counts[slot] += events;
    }

    public long[] PerMinute(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var result = new long[Minutes];
        for (var i = 0; i < Minutes; i++)
        {
            var minute = current - (Minutes - 1 - i);
            var slot = (int)(minute % Minutes);
            result[i] = _minuteOf[slot] == minute ? _counts[slot] : 0;
        }
        return result;
    }

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;
}
