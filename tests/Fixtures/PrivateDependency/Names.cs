namespace PrivateDependency;

/// <summary>A method, not a constant: the plugin must load this assembly at run time to get the name.</summary>
public static class Names
{
    public static string Plugin() => "with-dependency";
}
