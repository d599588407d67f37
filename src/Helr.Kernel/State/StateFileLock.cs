namespace Helr.Kernel.State;

/// <summary>
/// Makes one <c>helr run</c> the only writer of a SQLite state file: an exclusive lock on
/// <c>&lt;db&gt;.lock</c> held for the life of the process (released by the OS if it dies), and the
/// holder's pid in <c>&lt;db&gt;.pid</c> so the next process can say who holds it. (.NET takes a shared
/// flock to read a file, which the exclusive lock refuses, hence the separate pid file.)
/// </summary>
internal sealed class StateFileLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidPath;

    private StateFileLock(FileStream lockStream, string pidPath)
    {
        _lock = lockStream;
        _pidPath = pidPath;
    }

    public static StateFileLock Acquire(string dbPath)
    {
        var full = FileBehindLinks(Path.GetFullPath(dbPath));
        var lockPath = full + ".lock";
        var pidPath = full + ".pid";
        FileStream? stream = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidPath, Environment.ProcessId + "\n");
        }
        catch (IOException ex) when (stream is null && HeldElsewhere(ex))
        {
            var holder = File.Exists(pidPath) ? File.ReadAllText(pidPath).Trim() : "unknown";
            throw new StateLockedException($"state file {dbPath} is locked by pid {holder} (another helr is running with it; stop it, or give this one its own global.state.path)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Every other failure (a read-only file system, a missing or unwritable folder) was reported as a lock
            // held by "pid unknown", sending the operator after a process that did not exist; and, not being an
            // I/O error, it kept degradation.state_store_fallback from taking over.
            stream?.Dispose();
            throw new IOException($"cannot use global.state.path \"{dbPath}\": {ex.Message}", ex);
        }
        return new StateFileLock(stream, pidPath);
    }

    // SQLite follows a symbolic link to the file it names (its -wal and -shm go beside that file), so the lock
    // must too: with a lock beside each name, a run configured with the link and one with the file both wrote
    // the file and polled every source. A loop of links is left as named; SQLite's open reports it.
    private static string FileBehindLinks(string full)
    {
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return full;
        }
    }

    // The exclusive flock .NET takes for FileShare.None is refused with EWOULDBLOCK (Linux 11, macOS 35);
    // Windows says sharing or lock violation.
    private static bool HeldElsewhere(IOException ex) => ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    public void Dispose()
    {
        try
        {
            File.Delete(_pidPath);
        }
        catch (IOException)
        {
            // The pid file is advisory; leaving it behind is harmless.
        }
        _lock.Dispose();
    }
}
