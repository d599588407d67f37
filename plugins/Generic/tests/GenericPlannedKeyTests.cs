namespace Helr.Plugins.Generic.Tests;

/// <summary><c>response_streaming</c>: not built yet, but checked like every other source key.</summary>
public class GenericPlannedKeyTests
{
    // entry is one more source key in JSON, written with ' for " to keep the cases readable.
    private static (bool Built, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) Read(string entry)
    {
        var json = "{\"url\": \"https://a.example.com/\"" + (entry.Length == 0 ? "" : ", " + entry.Replace('\'', '"')) + "}";
        var config = ConfigTree.Source(json);
        var built = GenericSourceTypeTests.Create(config) is not null;
        config.ReportUnknownKeys();
        return (built, config.Errors.Errors.Select(e => e.ToString()).ToList(), config.Errors.Warnings.Select(w => w.ToString()).ToList());
    }

    [Theory]
    [InlineData("response_streaming", "'response_streaming': 'buffered'")]
    [InlineData("response_streaming", "'response_streaming': 'full'")]
    public void A_valid_key_gives_only_its_not_supported_warning(string key, string entry)
    {
        var (built, errors, warnings) = Read(entry);
        Assert.True(built);
        Assert.Empty(errors);
        Assert.Equal(new[] { $"sources.s.{key}: not supported yet: checked, but Helr does not act on it" }, warnings);
    }

    [Fact]
    public void Without_the_keys_there_is_no_warning() =>
        Assert.Empty(Read("").Warnings);

    [Theory]
    [InlineData("'response_streaming': 'stream'", "sources.s.response_streaming: 'stream' is not one of: buffered, full")]
    [InlineData("'response_streaming': ['full']", "sources.s.response_streaming: expected a string, found a list")]
    public void A_wrong_value_is_an_error_naming_the_key(string entry, string error)
    {
        var (built, errors, _) = Read(entry);
        Assert.False(built);
        Assert.Equal(new[] { error }, errors);
    }
}
