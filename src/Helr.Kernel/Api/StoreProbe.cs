using Helr.Kernel.State;

namespace Helr.Kernel.Api;

/// <summary>
/// Whether the state store answers now, for <c>/readyz</c>: a ping, never a read of state, since a
/// probe that listed the sources read the whole dedupe table under the store's lock, slowing with the
/// state's size until the probe timed out and every probe held up checkpoint writes meanwhile.
/// </summary>
internal static class StoreProbe
{
    // A state store that does not answer within this long counts as unreachable.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<bool> AnswersAsync(IStateStore store, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        try
        {
            await store.PingAsync(timeout.Token).WaitAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }
}
