namespace Helr.EndToEnd.Tests.Support;

/// <summary>Where the built distribution lives: dist/ at the repository root.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dist => Path.Combine(Root, "dist");

    public static string Helr => Path.Combine(Dist, "helr");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helr.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Helr.sln above " + AppContext.BaseDirectory);
    }
}
