using Helr.Kernel.Config;

namespace Helr.Kernel.Replay;

/// <summary>Turns <c>--record-dir</c> / <c>--replay-dir</c> into an <see cref="HttpTap"/>, or an error line.</summary>
internal static class TapOptions
{
    public static (HttpTap? Tap, string? Error) Open(string? recordDir, string? replayDir, HelrConfig config)
    {
        try
        {
            if (replayDir is not null) return (HttpTap.Replay(replayDir), null);
            if (recordDir is not null) return (HttpTap.Record(recordDir, config.Text, HostEnvironment.Instance), null);
            return (null, null);
        }
        catch (RecordingException ex)
        {
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"--record-dir {recordDir}: cannot create the folder: {ex.Message}");
        }
    }
}
