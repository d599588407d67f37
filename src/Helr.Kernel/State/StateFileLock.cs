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
        var full = Path.GetFullPath(dbPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var lockPath = full + ".lock";
        var pidPath = full + ".pid";
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = File.Exists(pidPath) ? File.ReadAllText(pidPath).Trim() : "unknown";
            throw new StateLockedException($"state file {dbPath} is locked by pid {holder} (another helr is running with it; stop it, or give this one its own global.state.path)");
        }
        File.WriteAllText(pidPath, Environment.ProcessId + "\n");
        return new StateFileLock(stream, pidPath);
    }

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
