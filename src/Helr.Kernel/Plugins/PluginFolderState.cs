using System.Globalization;
using System.Text;

namespace Helr.Kernel.Plugins;

/// <summary>
/// What a plugin folder holds, file by file (path, size, last write): a folder that failed to load
/// is loaded again only when this changed, as copying a missing library in or a new build over it does.
/// </summary>
internal static class PluginFolderState
{
    /// <summary>Null when the folder is gone or cannot be listed: never the same as before, so it is tried again.</summary>
    public static string? Of(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        var text = new StringBuilder();
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
                text.Append(CultureInfo.InvariantCulture, $"{file.FullName}\0{file.Length}\0{file.LastWriteTimeUtc.Ticks}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return text.ToString();
    }
}
