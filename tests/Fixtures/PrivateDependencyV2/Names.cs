namespace PrivateDependency;

/// <summary>Version 2: <see cref="PluginV2"/> does not exist in the older version.</summary>
public static class Names
{
    public static string Plugin() => "with-dependency";

    public static string PluginV2() => "with-dependency-v2";
}
