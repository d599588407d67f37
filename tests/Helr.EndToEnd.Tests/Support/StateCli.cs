namespace Helr.EndToEnd.Tests.Support;

/// <summary>Reads stored state through the real <c>helr state</c> commands.</summary>
public static class StateCli
{
    /// <summary>The output of <c>helr state show &lt;source&gt;</c> (throws when the command fails).</summary>
    public static async Task<string> ShowAsync(string config, string source)
    {
        var result = await HelrProcess.RunAsync($"state show {source} -c {config}");
        if (result.ExitCode != 0) throw new InvalidOperationException($"helr state show failed\n{result}");
        return result.Stdout;
    }

    /// <summary>One key of a source's state, or null when the source has no such key.</summary>
    public static async Task<string?> GetAsync(string config, string source, string key)
    {
        var prefix = $"  {key}: ";
        var line = (await ShowAsync(config, source)).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..];
    }
}
