namespace Helr.Kernel.Tests.Support;

/// <summary>Moves a <see cref="FakeTimeProvider"/> forward while the code under test gets there on its own.</summary>
internal static class FakeClock
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="task"/> ends, yielding
    /// between steps so the code under test can schedule its next timer. No real time is measured: a test
    /// asserts on the fake clock. The step budget only guards against a hang (a wait that never ends).
    /// </summary>
    public static async Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 100_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Delay(1);
        }
        Assert.True(task.IsCompleted, $"still waiting after {maxSteps} steps of {step} on the fake clock");
        return await task;
    }
}
