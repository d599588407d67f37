using System.Runtime.CompilerServices;

namespace Helr.PluginSdk.Tests.PublicApi;

/// <summary>
/// Locks the SDK's public surface. A change here is a change for every plugin: decide whether it
/// needs a new major version, then run the tests with HELR_UPDATE_API=1 to accept it.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_file()
    {
        var approvedPath = Path.Combine(ProjectDirectory(), "PublicApi.approved.txt");
        var actual = ApiRenderer.Render(typeof(Secret).Assembly);
        if (Environment.GetEnvironmentVariable("HELR_UPDATE_API") == "1") File.WriteAllText(approvedPath, actual);
        Assert.True(File.Exists(approvedPath), $"{approvedPath} is missing; run the tests with HELR_UPDATE_API=1 to create it");
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved == actual) return;
        var before = approved.Split('\n').ToHashSet();
        var after = actual.Split('\n').ToHashSet();
        var diff = approved.Split('\n').Where(l => !after.Contains(l)).Select(l => "- " + l)
            .Concat(actual.Split('\n').Where(l => !before.Contains(l)).Select(l => "+ " + l));
        Assert.Fail("The public API of Helr.PluginSdk changed (set HELR_UPDATE_API=1 to accept):\n" + string.Join("\n", diff));
    }

    [Fact]
    public void Rendering_is_stable() =>
        Assert.Equal(ApiRenderer.Render(typeof(Secret).Assembly), ApiRenderer.Render(typeof(Secret).Assembly));

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;
}
