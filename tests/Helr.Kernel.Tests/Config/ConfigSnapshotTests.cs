using Helr.Kernel.Config;
using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>
/// The config endpoints show the file the run loaded: the snapshot read the file a second time, so an
/// edit made while helr started (or while a reload built its sources) showed as running although it was not.
/// </summary>
public sealed class ConfigSnapshotTests : IDisposable
{
    private readonly ConfigFile _file = new();

    [Fact]
    public void An_edit_after_the_load_does_not_show_as_the_running_config()
    {
        var loaded = _file.Load("global:\n  log_level: info\nsources:\n  a:\n    url: https://a.example.com/logs\n");
        File.WriteAllText(_file.Path, "global:\n  log_level: debug\nsources:\n  a:\n    url: https://edited.example.com/logs\n");

        var snapshot = ConfigSnapshot.Of(loaded.Config);

        Assert.Equal("info", (string?)snapshot.Raw["global"]!["log_level"]);
        Assert.Equal("https://a.example.com/logs", (string?)snapshot.RawSource("a")!["url"]);
    }

    public void Dispose() => _file.Dispose();
}
