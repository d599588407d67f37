using System.Globalization;

namespace Helr.Kernel.Output;

/// <summary><c>--output-rotate</c>: <c>daily</c> or <c>size:N</c> (N megabytes, a whole number above 0).</summary>
internal sealed record RotationPolicy(bool Daily, long MaxBytes)
{
    public static RotationPolicy Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "daily") return new RotationPolicy(true, 0);
        if (value.StartsWith("size:", StringComparison.Ordinal))
        {
            if (!long.TryParse(value[5..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mb))
                throw new FormatException($"--output-rotate '{text}': size must be a whole number of megabytes (size:100)");
            if (mb <= 0) throw new FormatException($"--output-rotate '{text}': size must be > 0");
            if (mb > 1L << 30) throw new FormatException($"--output-rotate '{text}': size is too large");
            return new RotationPolicy(false, mb * 1024 * 1024);
        }
        throw new FormatException($"--output-rotate '{text}': rotation must be 'daily' or 'size:N' (N in MB)");
    }

    /// <summary>
    /// The name a rotated <paramref name="path"/> gets: <c>&lt;stem&gt;.&lt;suffix&gt;&lt;ext&gt;</c>, or with <c>.1</c>, <c>.2</c>, …
    /// before the extension when that is taken (an existing file is never overwritten).
    /// </summary>
    public static string FreeName(string path, string suffix)
    {
        var dir = Path.GetDirectoryName(path)!;
        var stem = Path.GetFileNameWithoutExtension(path);
        var ext = Path.GetExtension(path);
        var candidate = Path.Combine(dir, $"{stem}.{suffix}{ext}");
        for (var n = 1; File.Exists(candidate); n++) candidate = Path.Combine(dir, $"{stem}.{suffix}.{n}{ext}");
        return candidate;
    }

    public override string ToString() => Daily ? "daily" : $"size:{MaxBytes / (1024 * 1024)}";
}
