using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// The lease of one source, <c>s</c>, held and being renewed: the renewal has reached the store and
/// waits there until <see cref="LetRenewalGo"/>. What the give-back and re-add races start from.
/// </summary>
internal sealed class HeldRenewal : IAsyncDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private HeldRenewal() => Leases = new SourceLeases(Store, Ttl, pollWhenUnreachable: false, sources: 1, Time, Logger.None);

    public MemoryLeaseStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public SourceLeases Leases { get; }

    public static async Task<HeldRenewal> StartAsync()
    {
        var held = new HeldRenewal();
        Assert.True(await held.Leases.TryAcquireAsync("s", CancellationToken.None));
        await held.Leases.StartAsync();
        held.Store.HoldNextAcquire();
        await held.Time.AdvanceUntilAsync(held.Store.AcquireReached.Task.ContinueWith(_ => 0), Ttl / 30);
        return held;
    }

    public void LetRenewalGo() => Store.LetAcquireGo();

    /// <summary>Waits until the next renewal round begins: by then the held one has done all it does.</summary>
    public Task NextRoundAsync() => Time.AdvanceUntilAsync(Store.NextHeartbeat().ContinueWith(_ => 0), Ttl / 30);

    public async ValueTask DisposeAsync()
    {
        Store.LetAllGo();
        await Leases.DisposeAsync();
    }
}
