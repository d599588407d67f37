namespace Helr.EndToEnd.Tests.Support;

/// <summary>A temp folder removed when the test ends.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "helr-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// A config's <c>global:</c> block with SQLite state in this folder (<c>state.db</c>); more global
    /// keys may follow it at two spaces.
    /// </summary>
    public string SqliteStateGlobal => $"global:\n  state:\n    backend: sqlite\n    path: {File("state.db")}";

    /// <summary>Writes a file and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
