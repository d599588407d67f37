using System.CommandLine;
using System.Text.Json;
using Helr.Kernel.Config;
using Helr.Kernel.Demo;

namespace Helr.Kernel.Cli;

/// <summary>
/// <c>helr demo</c>: serves the built-in sample API on loopback and collects from it with the real
/// pipeline (plugin, state, output). With <c>--state DIR</c> the sample API grows by a few events on
/// each run and the stored <c>next_url</c> makes the next run collect only those.
/// </summary>
internal static class DemoCommand
{
    private const int FirstRunEvents = 120;
    private const int EventsPerRun = 15;
    private const string ApiRecord = "demo-api.json";
    private static readonly Option<string?> StateDir = NonEmptyPath.Of(new Option<string?>("--state") { Description = "Keep the demo's state (and the sample API's size) in this folder across runs" });

    public static Command Create()
    {
        var command = new Command("demo", "Collect from a built-in sample audit API on loopback (no credentials needed)");
        command.Options.Add(StateDir);
        command.SetAction((parse, _) => ExecuteAsync(parse));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse)
    {
        var dir = parse.GetValue(StateDir);
        var temporary = dir is null;
        var given = dir;
        dir = dir is null ? null : Path.GetFullPath(dir);
        // Without --state a failure is the temporary folder's (TMPDIR): named as "demo --state :", it sent the
        // user looking for an option they never gave.
        string folder;
        var where = temporary ? $"demo: temporary folder {Path.Combine(Path.GetTempPath(), "helr-demo-")}* (TMPDIR, or give --state DIR)" : $"demo --state {given}";
        try
        {
            // A new folder of its own, never one that exists: named after the pid, it was a folder a killed demo
            // of a reused pid left (a container's helr is often pid 1), whose record and stored next link made the
            // run collect as a second demo would, and which the demo then deleted, another user's or demo's included.
            if (temporary) folder = Directory.CreateTempSubdirectory("helr-demo-").FullName;
            else Directory.CreateDirectory(folder = dir!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {where}: {ex.Message}");
            return 1;
        }
        return await RunInAsync(parse, folder, temporary, given, where);
    }

    private static async Task<int> RunInAsync(ParseResult parse, string dir, bool temporary, string? given, string where)
    {
        try
        {
            // The demo writes its own helr.yaml and helr-state.db there: given the folder of a real config
            // (--state . beside helr.yaml), it overwrote that config and wrote its sample state into the real store.
            if (!temporary && !File.Exists(Path.Combine(dir, ApiRecord)) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Console.Error.WriteLine($"error: demo --state {given}: the folder holds files the demo did not write; give a new or empty folder"
                    + $" (the demo writes helr.yaml, helr-state.db and {ApiRecord} into it)");
                return 1;
            }
            var count = NextEventCount(dir);
            await using var api = await DemoApi.StartAsync(count);
            var configPath = Path.Combine(dir, "helr.yaml");
            await File.WriteAllTextAsync(configPath, ConfigYaml(api.BaseUrl, dir));
            Environment.SetEnvironmentVariable("HELR_DEMO_TOKEN", DemoApi.Token);
            // The sample API is on this machine's loopback, which a proxy from the environment (HTTP_PROXY
            // without 127.0.0.1 in NO_PROXY, common behind a corporate proxy) cannot reach: the demo failed there.
            HttpClient.DefaultProxy = new System.Net.WebProxy();
            // -q is "only errors": the demo's own account of itself too.
            var quiet = parse.GetValue(GlobalOptions.Quiet);
            if (!quiet) Console.Error.WriteLine($"demo: sample Okta-shaped audit API on {api.BaseUrl} holds {count} events; config {configPath}");

            var registry = CliSupport.LoadRegistry(parse);
            var (loaded, problems) = Plugins.ConfigLoader.Load(configPath, registry);
            if (loaded is null)
            {
                CliSupport.PrintProblems(configPath, problems);
                return 1;
            }
            await RepointStoredLinkAsync(loaded.Config, api.BaseUrl);
            var code = await RunPipeline.ExecuteAsync(new RunRequest
            {
                Config = loaded.Config,
                Built = loaded.Sources,
                Once = true,
                Verbose = parse.GetValue(GlobalOptions.Verbose),
                Quiet = quiet,
            });
            if (!quiet) Console.Error.WriteLine(temporary
                ? "demo: done. Run 'helr demo --state DIR' twice to see the second run collect only the new events."
                : $"demo: done. The sample API grows by {EventsPerRun} events per run; run helr demo --state {ShellWord(dir)} again to collect only those.");
            return code;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or State.StateLockedException)
        {
            // A folder another demo is using, or one a killed demo left half written: say which, not a stack trace.
            Console.Error.WriteLine($"error: {where}: {ex.Message}");
            return 1;
        }
        finally
        {
            if (temporary) TryDelete(dir);
        }
    }

    // The sample API gets a new ephemeral port each run; the stored next link must follow it.
    private static async Task RepointStoredLinkAsync(HelrConfig config, string baseUrl)
    {
        await using var opened = await State.StateStoreFactory.OpenAsync(config.Global.State, exclusive: true, readOnly: false, TimeProvider.System);
        var source = config.Sources[0].Id;
        var state = await opened.Store.GetAllAsync(source);
        if (!state.TryGetValue("next_url", out var next) || !Uri.TryCreate(next, UriKind.Absolute, out var url)) return;
        var moved = new Uri(new Uri(baseUrl), url.PathAndQuery).AbsoluteUri;
        if (moved == next) return;
        // The link's fingerprint (next_url_query, StoredNextUrl) hashes the url's origin, which only the demo
        // moved: kept, it read as an edited url, and the run re-read every page instead of resuming. Without
        // one the link is resumed and the fingerprint written again with the next checkpoint.
        await State.StateStoreExtensions.SetManyAsync(opened.Store, source, new Dictionary<string, string> { ["next_url"] = moved, ["next_url_query"] = "" });
    }

    private static int NextEventCount(string dir)
    {
        var file = Path.Combine(dir, ApiRecord);
        var count = FirstRunEvents;
        if (File.Exists(file))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                count = doc.RootElement.GetProperty("events").GetInt32() + EventsPerRun;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{file} is not the demo's record of its sample API (delete the folder to start afresh): {ex.Message}");
            }
        }
        File.WriteAllText(file, $"{{\"events\": {count}}}\n");
        return count;
    }

    private static string ConfigYaml(string baseUrl, string dir) => $"""
        # Written by 'helr demo': a generic source against the built-in sample API.
        global:
          log_level: info
          state:
            backend: sqlite
            path: {JsonSerializer.Serialize(Path.Combine(dir, "helr-state.db"))}
        sources:
          demo-okta:
            url: {baseUrl}/api/v1/logs
            auth:
              type: bearer
              prefix: SSWS
              token_env: HELR_DEMO_TOKEN
            pagination:
              strategy: link_header
              rel: next
              max_pages: 50
            query_params:
              limit: 50
            transform:
              timestamp_field: published
              id_field: uuid
            dedupe:
              id_path: uuid

        """;

    // The hint is there to be pasted into a shell: a folder with a space in it, left bare, was two words.
    private static string ShellWord(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:,@%=".Contains(c)) ? path : $"'{path.Replace("'", "'\\''")}'";

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
