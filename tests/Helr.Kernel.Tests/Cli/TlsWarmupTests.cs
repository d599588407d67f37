using System.Security.Cryptography.X509Certificates;
using Helr.Kernel.Cli;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

public sealed class TlsWarmupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-tlswarmup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string text)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData(true, "sources:\n  a:\n    url: https://api.example.com/logs\n")]
    [InlineData(true, "sources:\n  a:\n    type: okta\n    domain: x.okta.com\n")]
    [InlineData(true, "sources:\n  a:\n    type: \"tailscale\"\n")]
    [InlineData(false, "sources:\n  a:\n    url: http://127.0.0.1:8080/logs\n")]
    [InlineData(false, "sources:\n  a:\n    type: generic\n    url: ${API_URL}\n")]
    public void Only_a_config_reaching_a_source_over_https_warms_up_tls(bool expected, string text)
    {
        var path = Config(text);
        Assert.Equal(expected, TlsWarmup.ConfigReachesHttps(["run", "-c", path]));
        Assert.Equal(expected, TlsWarmup.ConfigReachesHttps(["--config=" + path, "run"]));
    }

    [Fact]
    public void A_config_that_cannot_be_read_warms_up_nothing()
    {
        Assert.False(TlsWarmup.ConfigReachesHttps(["run", "-c", Path.Combine(_dir, "missing.yaml")]));
        Assert.False(TlsWarmup.ConfigReachesHttps(["run", "-c", _dir]));
    }

    // -c <(envsubst < helr.tmpl): a read here would block until a writer came, and take the config from helr's own reader.
    [SkippableFact]
    public async Task A_config_from_a_fifo_is_left_whole_for_helr_to_read()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "mkfifo as on Linux");
        var fifo = Path.Combine(_dir, "helr.yaml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)!) await mkfifo.WaitForExitAsync();
        const string text = "sources:\n  a:\n    url: https://api.example.com/logs\n";
        var writer = Task.Run(() => File.WriteAllText(fifo, text)); // opens once a reader does
        Assert.False(TlsWarmup.ConfigReachesHttps(["run", "-c", fifo]));
        Assert.Equal(text, await File.ReadAllTextAsync(fifo)); // the config reader's turn: nothing taken
        await writer;
    }

    // Silent by design like the HTTP warm-up, so this is where a broken one shows: it must read the
    // same roots the chain check will.
    [Fact]
    public void The_warmup_loads_the_system_roots()
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly);
        Assert.Equal(store.Certificates.Count, TlsWarmup.Run());
    }
}
