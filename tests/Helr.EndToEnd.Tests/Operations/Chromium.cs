using System.Diagnostics;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>Debian's headless chromium, for the status page test; <see cref="MissingReason"/> says why it cannot run here.</summary>
public static class Chromium
{
    public static string? Path { get; } = new[] { Environment.GetEnvironmentVariable("HELR_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static string? MissingReason => Path is null ? "skipped: no chromium here (.ci/run installs Debian's chromium package)" : null;

    /// <summary>
    /// Loads <paramref name="url"/>, lets its scripts run (and their fetches finish) for up to
    /// <paramref name="budgetMs"/> of virtual time, and returns the DOM as it then is.
    /// </summary>
    public static async Task<string> DumpDomAsync(string url, int budgetMs, string profileDir)
    {
        var info = new ProcessStartInfo(Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI containers run as root, where chromium's sandbox refuses to start.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     $"--user-data-dir={profileDir}", $"--virtual-time-budget={budgetMs}", "--dump-dom", url })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within 120 s\n{await stderr}");
        }
        var dom = await stdout;
        if (process.ExitCode != 0 || dom.Length == 0) throw new InvalidOperationException($"chromium exited {process.ExitCode}\n{await stderr}");
        return dom;
    }
}
