using System.Diagnostics;

namespace Helr.Kernel.State.Leases;

/// <summary>
/// Lease holder ids: <c>&lt;host&gt;:&lt;pid&gt;:&lt;random&gt;</c>. The random part tells two runs with the
/// same pid apart (pids repeat across restarts, and in containers helr is often always pid 1).
/// </summary>
internal static class LeaseHolderId
{
    public static string New() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>True when <paramref name="holder"/> is another helr on this host that has certainly exited.</summary>
    public static bool IsDeadOnThisHost(string holder)
    {
        var parts = holder.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid)) return false;
        if (pid == Environment.ProcessId) return true; // our pid, but a different random part: an earlier run
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
