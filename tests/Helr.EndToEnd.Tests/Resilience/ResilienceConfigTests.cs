using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class ResilienceConfigTests
{
    [Fact]
    public async Task The_documented_example_validates()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "examples", "docs", "resilience.yaml");
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);

        var result = await HelrProcess.RunAsync($"validate -c {example}", dir.Path, env: new Dictionary<string, string?>
        {
            ["OKTA_DOMAIN"] = "example.okta.com",
            ["OKTA_API_TOKEN"] = "x",
            ["GITHUB_TOKEN"] = "x",
            ["INTERNAL_CA_PEM"] = File.ReadAllText(certs.CaFile),
            ["MTLS_CERT_FILE"] = certs.ClientCertFile,
            ["MTLS_KEY_FILE"] = certs.ClientKeyFile,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning", result.Stderr);
    }

    [Fact]
    public async Task Every_bad_value_is_reported_with_its_key_path()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            global:
              bulkhead:
                max_concurrent_sources: -1
                max_connections_per_host: 10001
            sources:
              s1:
                url: http://127.0.0.1:9/logs
                resilience:
                  timeout_secs: 0
                  timeouts: { read_secs: abc, poll_tick_sec: 5 }
                  retries: { max_attempts: -1, multiplier: 0.5, retryable_status_codes: [429, 700] }
                  circuit_breaker: { failure_threshold: -1, failure_rate_threshold: 0.5 }
                  rate_limit: { max_requests_per_second: -1, headers: { reset_header: "bad name" } }
                  tls: { min_version: "1.1" }
                  bulkhead: { max_concurrent_requests: -2 }
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        foreach (var expected in new[]
        {
            "global.bulkhead.max_concurrent_sources: must be between 0 and 10000",
            "global.bulkhead.max_connections_per_host: must be between 0 and 10000",
            "sources.s1.resilience.timeout_secs: must be greater than 0: 0 is not 'no timeout'",
            "sources.s1.resilience.timeouts.read_secs: expected a number",
            "sources.s1.resilience.timeouts.poll_tick_sec: unknown key; did you mean 'poll_tick_secs'?",
            "sources.s1.resilience.retries.max_attempts: must be between 0 and 100",
            "sources.s1.resilience.retries.multiplier: must be between 1 and 100",
            "sources.s1.resilience.retries.retryable_status_codes[1]: expected a whole number between 100 and 599",
            "sources.s1.resilience.circuit_breaker.failure_threshold: must be between 0 and 1000000, found -1",
            "sources.s1.resilience.circuit_breaker.minimum_requests: required when failure_rate_threshold is set",
            "sources.s1.resilience.rate_limit.max_requests_per_second: must be between 0 and 31536000, found -1",
            "sources.s1.resilience.rate_limit.headers.reset_header: 'bad name' is not a valid HTTP header name",
            "sources.s1.resilience.tls.min_version: '1.1' is not one of: 1.2, 1.3",
            "sources.s1.resilience.bulkhead.max_concurrent_requests: must be between 0 and 10000",
        })
        {
            Assert.True(result.Stderr.Contains(expected, StringComparison.Ordinal), $"missing '{expected}' in\n{result.Stderr}");
        }
    }

    [Fact]
    public async Task Misconfigured_TLS_is_a_validate_error()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        var garbage = dir.Write("garbage.pem", "this is not a certificate\n");
        var config = dir.Write("helr.yaml", $$"""
            sources:
              no_key:
                url: https://127.0.0.1:9/a
                resilience:
                  tls: { client_cert_file: {{certs.ClientCertFile}} }
              bad_ca:
                url: https://127.0.0.1:9/b
                resilience:
                  tls: { ca_file: {{garbage}} }
              missing_ca:
                url: https://127.0.0.1:9/c
                resilience:
                  tls: { ca_file: {{dir.File("nope.pem")}} }
              unset_env:
                url: https://127.0.0.1:9/d
                resilience:
                  tls: { ca_env: HELR_TEST_UNSET_CA }
              wrong_key:
                url: https://127.0.0.1:9/e
                resilience:
                  tls: { client_cert_file: {{certs.ClientCertFile}}, client_key_file: {{garbage}} }
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.no_key.resilience.tls.client_key_file: required for mutual TLS", result.Stderr);
        Assert.Contains("sources.bad_ca.resilience.tls.ca_file: contains no PEM certificate", result.Stderr);
        Assert.Contains("sources.missing_ca.resilience.tls.ca_file: cannot read", result.Stderr);
        Assert.Contains("sources.unset_env.resilience.tls.ca_env: environment variable HELR_TEST_UNSET_CA is not set", result.Stderr);
        Assert.Contains("sources.wrong_key.resilience.tls.client_key_file: is not a PEM private key", result.Stderr);
        Assert.DoesNotContain("PRIVATE KEY", result.Stderr);
    }

    [Fact]
    public async Task A_client_key_that_is_encrypted_or_not_the_certificates_is_reported_on_the_setting_at_fault()
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        // As `openssl genpkey -aes256` (or a key exported from a keystore with its password) writes it.
        var encrypted = dir.Write("encrypted.key", certs.Client.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("pw",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = dir.Write("other.key", other.ExportPkcs8PrivateKeyPem());
        var config = dir.Write("helr.yaml", $$"""
            sources:
              encrypted_file:
                url: https://127.0.0.1:9/a
                resilience:
                  tls: { client_cert_file: {{certs.ClientCertFile}}, client_key_file: {{encrypted}} }
              encrypted_env:
                url: https://127.0.0.1:9/b
                resilience:
                  tls: { client_cert_file: {{certs.ClientCertFile}}, client_key_env: HELR_TEST_ENCRYPTED_KEY }
              key_as_cert:
                url: https://127.0.0.1:9/c
                resilience:
                  tls: { client_cert_file: {{certs.ClientKeyFile}}, client_key_file: {{certs.ClientKeyFile}} }
              other_key:
                url: https://127.0.0.1:9/d
                resilience:
                  tls: { client_cert_file: {{certs.ClientCertFile}}, client_key_file: {{foreign}} }
            """);

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path, env: new Dictionary<string, string?>
        {
            ["HELR_TEST_ENCRYPTED_KEY"] = File.ReadAllText(encrypted),
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.encrypted_file.resilience.tls.client_key_file: is an encrypted PEM key", result.Stderr);
        Assert.Contains("sources.encrypted_env.resilience.tls.client_key_env: is an encrypted PEM key", result.Stderr);
        Assert.Contains("sources.key_as_cert.resilience.tls.client_cert_file: contains no PEM certificate", result.Stderr);
        Assert.Contains("sources.other_key.resilience.tls.client_key_file: does not hold the private key of the certificate in client_cert_file", result.Stderr);
        Assert.DoesNotContain("PRIVATE KEY", result.Stderr);
    }

    [Fact]
    public async Task A_proxy_variable_dotnet_cannot_read_is_a_warning_naming_it_not_a_silent_direct_connection()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            sources:
              audit:
                url: https://127.0.0.1:9/logs
            """);
        var env = new Dictionary<string, string?>
        {
            ["https_proxy"] = null, ["http_proxy"] = null, ["all_proxy"] = null, ["ALL_PROXY"] = null, ["no_proxy"] = null, ["NO_PROXY"] = null,
            // A port over 65535 (a digit too many): .NET drops the value and connects directly.
            ["HTTPS_PROXY"] = "http://helr:s3cret-proxy-pw@proxy.corp:312800",
            ["HTTP_PROXY"] = "http://proxy.corp:3128",
        };

        var result = await HelrProcess.RunAsync($"validate -c {config}", dir.Path, env: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("HTTPS_PROXY: \"…@proxy.corp:312800\" is no proxy URL .NET can read", result.Stderr);
        Assert.Contains("requests to https URLs go out without a proxy", result.Stderr);
        Assert.DoesNotContain("HTTP_PROXY:", result.Stderr);
        Assert.DoesNotContain("s3cret-proxy-pw", result.Stderr);
    }
}
