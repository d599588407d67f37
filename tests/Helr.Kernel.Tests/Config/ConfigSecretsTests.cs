using System.Text.Json;
using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>Config data holds expanded values, secrets among them; printing it or writing it as JSON shows none.</summary>
public sealed class ConfigSecretsTests : IDisposable
{
    private static readonly string[] Secrets = ["api-secret-789", "query-secret-000", "state-pw-123", "out-secret-456"];

    private readonly ConfigFile _file = new();

    [Fact]
    public void A_loaded_config_prints_and_serializes_without_its_secrets()
    {
        _file.Env.Variables["API_KEY"] = Secrets[0];
        _file.Env.Variables["QUERY_SECRET"] = Secrets[1];
        var loaded = _file.Load("""
            global:
              state: { backend: redis, url: "redis://:state-pw-123@127.0.0.1:6379/0" }
              output: { http: { headers: { Authorization: "Bearer out-secret-456" } } }
            sources:
              s:
                url: https://api.example.com/logs?sig=${QUERY_SECRET}
                headers: { X-Api-Key: "${API_KEY}" }
            """);
        var config = loaded.Config;
        // The values are in the data (they are what a reload compares) ...
        Assert.Contains("api-secret-789", config.Sources[0].Block["headers"]!.ToNode("h", new()).String("X-Api-Key"));
        // ... but never in what is printed.
        var texts = new[] { config.ToString(), JsonSerializer.Serialize(config), config.Sources[0].ToString(), loaded.Sources[0].Settings.ToString() };
        foreach (var text in texts)
        {
            foreach (var secret in Secrets) Assert.DoesNotContain(secret, text);
        }
        // What is printed still says what is configured.
        Assert.Contains("X-Api-Key", texts[0]);
        Assert.Contains("Authorization", texts[1]);
        Assert.Contains("redis://", texts[0]);
    }

    public void Dispose() => _file.Dispose();
}
