using Helr.EndToEnd.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// A command the Redis client refuses before sending it (<c>RedisCommandException</c>, which is no
/// <c>RedisException</c>: here a database the server does not have) ended <c>helr state</c> and
/// <c>helr run --once</c> with an unhandled exception and a stack trace instead of the store's error.
/// </summary>
public sealed class RedisRefusedCommandTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("state export")]
    [InlineData("state show a")]
    [InlineData("state set a cursor x")]
    [InlineData("run --once")]
    public async Task A_command_the_client_refuses_is_the_stores_error_naming_it(string command)
    {
        await using var server = await StoreServer.StartAsync("redis", output);
        using var dir = new TempDir();
        // A server has databases 0 to 15 unless configured otherwise.
        var url = server.Url.TrimEnd('/') + "/16";
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
                backend: redis
                url: {url}
            sources:
              a:
                url: http://127.0.0.1:9/logs
            """);

        var result = await HelrProcess.RunAsync($"{command} -c {config}", dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{url}: The database does not exist on the server: 16", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
