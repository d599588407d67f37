namespace Helr.Kernel.Text;

/// <summary>
/// Whether a value found by where it sits (a query parameter, a secret-named variable) is cut out of
/// text where it recurs. Short and all-digit values are limits, page numbers and lifetimes
/// (<c>${SESSION_TTL}</c>: 3600) far more often than keys: cut from every recorded or previewed text,
/// they would garble it, and a replay matches requests on their query.
/// </summary>
internal static class CuttableSecret
{
    public static bool Is(string value) => value.Length >= 8 && !value.All(char.IsAsciiDigit);
}
