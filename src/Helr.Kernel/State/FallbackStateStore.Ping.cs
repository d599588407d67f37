namespace Helr.Kernel.State;

internal sealed partial class FallbackStateStore
{
    // An outage answers from memory here too, so the store still counts as answering (state is kept in
    // memory meanwhile) and /readyz reports the fallback active instead of failing.
    public async Task PingAsync(CancellationToken ct = default)
    {
        try
        {
            await primary.PingAsync(ct);
        }
        catch (StateStoreUnavailableException ex)
        {
            Degraded(ex);
        }
    }
}
