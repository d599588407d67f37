namespace Helr.Kernel.Output;

/// <summary>Opens stdout or a file as the output stream.</summary>
internal static class OutputFactory
{
    public static OutputWriter Open(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
            return new OutputWriter(Console.OpenStandardOutput(), "stdout");
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
            return new OutputWriter(stream, $"file {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot open output file \"{path}\": {ex.Message}");
        }
    }
}
