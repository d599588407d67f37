namespace Helr.Kernel.Config;

/// <summary>Reads helr.yaml's text for every command, with an error that says what is wrong with the path.</summary>
internal static class ConfigFileText
{
    /// <summary>The file's text, or null with <paramref name="problem"/>: <c>cannot read config file "…": …</c>.</summary>
    public static string? Read(string path, out string problem)
    {
        problem = "";
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = Problem(path, ex.Message);
            return null;
        }
    }

    // .NET reports a folder as "Access to the path is denied", which sent the user after permissions.
    public static string Problem(string path, string reason) =>
        $"cannot read config file \"{path}\": {(Directory.Exists(path) ? "it is a folder, not a file" : reason)}";
}
