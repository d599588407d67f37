using Helr.Kernel.Cli;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

/// <summary><c>helr plugins list -c</c> reads the sources' types from the YAML as the loader does.</summary>
public sealed class ConfiguredSourcesTests
{
    // The loader reads every YAML null spelling as no type (generic); this showed ~, Null and NULL as types.
    [Fact]
    public void A_type_written_as_any_yaml_null_is_generic_and_a_quoted_one_is_the_text()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("helr-configured-").FullName, "helr.yaml");
        File.WriteAllText(file, "sources:\n  a: { type: ~ }\n  b: { type: Null }\n  c: { type: NULL }\n  d: { type: null }\n  e: { type: }\n  f: { type: \"Null\" }\n");
        try
        {
            Assert.Equal(new[] { ("a", "generic"), ("b", "generic"), ("c", "generic"), ("d", "generic"), ("e", "generic"), ("f", "Null") },
                ConfiguredSources.Read(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
