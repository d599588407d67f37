namespace Helr.Tests.Servers;

/// <summary>
/// A private PostgreSQL cluster (initdb, trust auth) on a free loopback port in a temp folder. initdb
/// and pg_ctl refuse to run as root, so as root they run as the <c>postgres</c> user, which owns the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _dir;
    private bool _running;

    private PostgresServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Url => UrlFor("postgres");

    public string UrlFor(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    private string Data => Path.Combine(_dir, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        if (TestServices.PgBin is null) throw new InvalidOperationException(TestServices.MissingReason("postgres"));
        return await TestServices.OnFreePortAsync(async port =>
        {
            var dir = Path.Combine(Path.GetTempPath(), "helr-pg-" + Guid.NewGuid().ToString("N")[..10]);
            Directory.CreateDirectory(dir);
            var server = new PostgresServer(dir, port);
            try
            {
                if (TestServices.IsRoot) await TestServices.RunAsync("chown", new[] { "postgres:postgres", dir });
                await server.PgAsync("initdb", "-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
                await server.RestartAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
            return server;
        });
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>: same port, same data).</summary>
    public async Task RestartAsync()
    {
        var options = $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        var log = Path.Combine(_dir, "server.log");
        try
        {
            await PgAsync("pg_ctl", "-D", Data, "-o", options, "-l", log, "-w", "-t", "60", "start");
        }
        catch (InvalidOperationException ex) when (File.Exists(log))
        {
            // pg_ctl only says "could not start server"; the server's log says why ("Address already in use").
            throw new InvalidOperationException(ex.Message + "\n" + File.ReadAllText(log), ex);
        }
        _running = true;
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut, as in a real outage).</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        await PgAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
    }

    /// <summary>Creates an empty database (so each test starts from no tables, as a first deployment does).</summary>
    public Task CreateDatabaseAsync(string name) =>
        PgAsync("psql", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", $"CREATE DATABASE \"{name}\"");

    private Task<string> PgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(TestServices.PgBin!, tool);
        return TestServices.IsRoot
            ? TestServices.RunAsync("runuser", new[] { "-u", "postgres", "--", path }.Concat(args))
            : TestServices.RunAsync(path, args);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            try
            {
                await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
            }
            catch (Exception)
            {
                // Best effort: the folder is removed below either way.
            }
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
