namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// Waits for a condition over several processes (e.g. "the union of their outputs covers the
/// dataset"), which no single process event signals. Checks every 50 ms, fails after the timeout.
/// </summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout}: {describe()}");
            await Task.Delay(50);
        }
    }

    /// <summary>As above, for a condition that must ask something (a metrics page) each time.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout}: {describe()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Event ids in NDJSON output; a line cut short by SIGKILL is not an emitted event and is skipped.</summary>
    public static List<string> EventIds(string stdout)
    {
        var ids = new List<string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(line);
                ids.Add(doc.RootElement.GetProperty("event").GetProperty("id").GetString()!);
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        return ids;
    }
}
