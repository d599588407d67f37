namespace Serilog;

/// <summary>Exists only in this copy of "Serilog"; loading helr's copy instead fails with TypeLoadException.</summary>
public static class PluginPrivate
{
    public static string PluginName() => "isolated";
}
