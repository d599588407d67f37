using System.Buffers;
using System.Text;
using System.Text.Unicode;

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
            var bytes = File.ReadAllBytes(path);
            if (Utf8Error(bytes) is not { } at) return Decode(bytes);
            problem = Problem(path, $"it is not valid UTF-8 ({at}); save it as UTF-8");
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // .NET's "Could not find file" said neither that helr.yaml is only the default nor how to name another.
            problem = Problem(path, $"there is no such file ({Path.GetFullPath(path)}); without -c PATH helr reads helr.yaml in the working folder");
            return null;
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

    // As File.ReadAllText: a UTF-8 byte order mark is dropped, one of UTF-16 or UTF-32 selects that encoding.
    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    // Decoding replaced each invalid byte by U+FFFD, so a file saved as Latin-1 sent "Soci\uFFFDt\uFFFD" in a header or a
    // password, silently; upstream refuses such a file. Null when the bytes are UTF-8 (or UTF-16/32 with a byte order mark).
    private static string? Utf8Error(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(new byte[] { 0xFF, 0xFE }) || span.StartsWith(new byte[] { 0xFE, 0xFF }) || span.StartsWith(new byte[] { 0, 0, 0xFE, 0xFF }))
            return null;
        // Every start reads the file: a valid one is checked without decoding it, then decoded once.
        if (Utf8.IsValid(span)) return null;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(span.Length, 1));
        try
        {
            if (Utf8.ToUtf16(span, chars, out var read, out _, replaceInvalidSequences: false) != OperationStatus.InvalidData) return null;
            var lineStart = span[..read].LastIndexOf((byte)'\n') + 1;
            return $"line {span[..read].Count((byte)'\n') + 1}, byte {read - lineStart + 1}";
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
