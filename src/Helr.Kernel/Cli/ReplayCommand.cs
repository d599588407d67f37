using System.CommandLine;
using Helr.Kernel.Replay;

namespace Helr.Kernel.Cli;

/// <summary><c>helr replay to-fixture DIR --source ID --out FILE</c>: a recording as a test kit fixture.</summary>
internal static class ReplayCommand
{
    private static readonly Argument<string> Dir = NonEmptyPath.Of(new Argument<string>("dir") { Description = "The folder given to --record-dir" }, "the recording folder");
    private static readonly Option<string> Source = new("--source") { Description = "The source whose recording to convert", Required = true };
    private static readonly Option<string> Out = NonEmptyPath.Of(new Option<string>("--out") { Description = "The fixture file to write (e.g. plugins/X/testdata/bug-123.json)", Required = true });

    public static Command Create()
    {
        var toFixture = new Command("to-fixture", "Turn one source's recording into a fixture for the SDK test kit (RecordedFixture)");
        toFixture.Arguments.Add(Dir);
        toFixture.Options.Add(Source);
        toFixture.Options.Add(Out);
        toFixture.SetAction(parse =>
        {
            var (dir, source, output) = (parse.GetValue(Dir)!, parse.GetValue(Source)!, parse.GetValue(Out)!);
            try
            {
                var count = FixtureConverter.Convert(dir, source, output);
                Console.Error.WriteLine($"wrote {output}: {count} recorded response(s) of source \"{source}\"");
                return 0;
            }
            catch (Exception ex) when (ex is RecordingException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        var command = new Command("replay", "Work with recordings made by run --record-dir (see docs/replay.md)");
        command.Subcommands.Add(toFixture);
        return command;
    }
}
