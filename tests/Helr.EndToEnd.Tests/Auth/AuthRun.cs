using Helr.EndToEnd.Tests.Support;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>Writes a one-source config with the given auth block (sqlite state) and runs helr on it.</summary>
public sealed class AuthRun(TempDir dir, string logsUrl, string auth, IDictionary<string, string?> env, string extraSource = "")
{
    public string Config { get; } = dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {logsUrl}
            pagination:
              strategy: link_header
        {extraSource}
            auth:
        {Indent(auth, 6)}
        """);

    public IDictionary<string, string?> Env => env;

    public Task<HelrResult> OnceAsync(string flags = "") => HelrProcess.RunAsync($"run --once {flags} -c {Config}", dir.Path, env: env);

    public Task<HelrResult> ValidateAsync() => HelrProcess.RunAsync($"validate -c {Config}", dir.Path, env: env);

    public HelrProcess Start(string flags = "") => HelrProcess.Start($"run {flags} -c {Config}", dir.Path, env);

    public Task<HelrResult> CliAsync(string arguments, string? stdin = null) =>
        HelrProcess.RunAsync($"{arguments} -c {Config}", dir.Path, stdin: stdin, env: env);

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Trim('\n').Split('\n').Select(l => new string(' ', spaces) + l.TrimStart()));
}
