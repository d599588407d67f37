namespace Helr.EndToEnd.Tests.Support;

/// <summary>Builds a plugins/ folder for a test from dist/ plugins and the fixture plugins built beside the tests.</summary>
public static class PluginFolders
{
    /// <summary>The built fixture plugin <paramref name="name"/> (tests/Fixtures), copied next to the test assembly.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>Copies the files of one plugin folder (plugin folders are flat).</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
