using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class TlsTests
{
    private static async Task<FakeVendorServer> StartHttpsAsync(TestCertificates certs, bool requireClientCert = false)
    {
        var api = await FakeVendorServer.StartAsync(new FakeServerTls { ServerCertificate = certs.Server, ClientCertificateAuthority = requireClientCert ? certs.Ca : null });
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"tls1"}]"""));
        return api;
    }

    private static string Config(FakeVendorServer api, string tls) =>
        ResilienceYaml.Source(api.Url("/logs"), "retries: { max_attempts: 1 }\ntls:\n" + string.Join("\n", tls.Trim('\n').Split('\n').Select(l => "  " + l)));

    [Fact]
    public async Task A_private_CA_from_ca_file_is_trusted()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var api = await StartHttpsAsync(certs);
        Assert.StartsWith("https://", api.BaseUrl.AbsoluteUri);
        var config = dir.Write("helr.yaml", Config(api, $"""
            ca_file: {certs.CaFile}
            ca_only: true
            min_version: "1.2"
            """));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "tls1" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_private_CA_from_ca_env_is_merged_with_the_system_roots()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var api = await StartHttpsAsync(certs);
        var config = dir.Write("helr.yaml", Config(api, "ca_env: TEST_CA_PEM\nmin_version: \"1.3\""));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path,
            env: new Dictionary<string, string?> { ["TEST_CA_PEM"] = File.ReadAllText(certs.CaFile) });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "tls1" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_server_signed_by_an_unknown_CA_is_refused_without_ca_file()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var api = await StartHttpsAsync(certs);
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), "retries: { max_attempts: 3 }"));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Empty(api.Requests);
        Assert.Contains("SSL connection could not be established", result.Stderr);
        // A refused certificate is not retried: the next handshake would end the same way.
        Assert.DoesNotContain("retrying", result.Stderr);
    }

    [Fact]
    public async Task Mutual_TLS_works_with_the_client_certificate_and_is_refused_without_it()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var api = await StartHttpsAsync(certs, requireClientCert: true);
        var with = dir.Write("with.yaml", Config(api, $"""
            ca_file: {certs.CaFile}
            client_cert_file: {certs.ClientCertFile}
            client_key_file: {certs.ClientKeyFile}
            """));
        var without = dir.Write("without.yaml", Config(api, $"ca_file: {certs.CaFile}"));

        var ok = await HelrProcess.RunAsync($"run --once -c {with}", dir.Path);
        var refused = await HelrProcess.RunAsync($"run --once -c {without}", dir.Path);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal(new[] { "tls1" }, ok.Lines.EventField("id"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(refused.Lines);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Client_certificate_and_key_can_come_from_env()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var api = await StartHttpsAsync(certs, requireClientCert: true);
        var config = dir.Write("helr.yaml", Config(api, $"""
            ca_file: {certs.CaFile}
            client_cert_env: TEST_CLIENT_CERT
            client_key_env: TEST_CLIENT_KEY
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: new Dictionary<string, string?>
        {
            ["TEST_CLIENT_CERT"] = File.ReadAllText(certs.ClientCertFile),
            // As often stored in secret managers: one line with literal \n.
            ["TEST_CLIENT_KEY"] = File.ReadAllText(certs.ClientKeyFile).Replace("\n", "\\n"),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
