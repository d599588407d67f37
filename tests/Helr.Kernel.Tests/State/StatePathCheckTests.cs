using Helr.Kernel.Config;
using Helr.Kernel.State;
using Helr.PluginSdk.Config;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// <c>helr validate</c> looks at <c>global.state.path</c>: before, any path passed, and a typo was found when
/// <c>helr run</c> refused it, or not at all (run creates missing folders and starts afresh).
/// </summary>
public sealed class StatePathCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-statepath-").FullName;

    private static List<string> Check(string path, bool fallback = false, string backend = "sqlite")
    {
        var problems = new ConfigErrors();
        StatePathCheck.Check(new StateConfig { Backend = backend, Path = path }, fallback, problems);
        return problems.All.Select(p => (p.IsWarning ? "warning: " : "error: ") + p).ToList();
    }

    [Fact]
    public void A_path_naming_a_folder_is_an_error_at_the_key()
    {
        var problem = Assert.Single(Check(_dir));
        Assert.Equal($"error: global.state.path: \"{_dir}\" names a folder, not a file", problem);
    }

    [Fact]
    public void A_path_under_a_file_is_an_error_naming_the_file()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "");
        var problem = Assert.Single(Check(Path.Combine(file, "sub", "helr-state.db")));
        Assert.StartsWith("error: global.state.path: ", problem);
        Assert.Contains($"cannot be created: {file} is a file, not a folder", problem);
    }

    [Fact]
    public void A_missing_folder_is_a_warning_naming_it_since_run_creates_it()
    {
        var folder = Path.Combine(_dir, "typo");
        var problem = Assert.Single(Check(Path.Combine(folder, "helr-state.db")));
        Assert.StartsWith($"warning: global.state.path: the folder {folder} does not exist: helr run will create it", problem);
        Assert.Contains("typo", problem);
    }

    [Fact]
    public void A_usable_path_new_or_existing_is_no_problem()
    {
        var path = Path.Combine(_dir, "helr-state.db");
        Assert.Empty(Check(path));
        File.WriteAllText(path, "");
        Assert.Empty(Check(path));
    }

    [Fact]
    public void With_the_memory_fallback_an_unusable_path_is_a_warning_saying_what_run_does()
    {
        var problem = Assert.Single(Check(_dir, fallback: true));
        Assert.StartsWith("warning: global.state.path: ", problem);
        Assert.Contains("in memory", problem);
    }

    [Fact]
    public void Other_backends_have_no_path_to_check() => Assert.Empty(Check(_dir, backend: "redis"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
