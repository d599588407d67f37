using System.Text;

namespace Helr.Kernel.Observability.Progress;

/// <summary>
/// Stands in for stderr on a terminal: log lines written through it scroll above the progress block,
/// and the block (one line per source) is redrawn in place below them with ANSI cursor moves. After
/// <see cref="Finish"/> the block stays as the run's summary. Only used when stderr is a terminal.
/// </summary>
internal sealed class ProgressConsole : TextWriter
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _terminal;
    private readonly ProgressBoard _board;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly StringBuilder _partial = new();
    private int _drawn;
    private long _drawnAt; // TimeProvider.GetTimestamp: a wall clock stepped back held every redraw until it caught up
    private bool _finished;

    /// <summary>
    /// For a one-cycle run whose stderr is a terminal: a board of <paramref name="sources"/> drawn on
    /// stderr, which this console replaces until disposed. Null otherwise (nothing changes), and when the
    /// events go to a terminal too (<paramref name="eventsOnTerminal"/>): its redraws moved the cursor up over them.
    /// </summary>
    public static ProgressConsole? Start(bool oneCycle, bool quiet, bool eventsOnTerminal, IReadOnlyList<string> sources, TimeProvider time)
    {
        if (!oneCycle || quiet || eventsOnTerminal || Console.IsErrorRedirected || sources.Count == 0) return null;
        var console = new ProgressConsole(Console.Error, new ProgressBoard(sources, time), time);
        Console.SetError(console);
        return console;
    }

    public ProgressBoard Board => _board;

    public ProgressConsole(TextWriter terminal, ProgressBoard board, TimeProvider time)
    {
        _terminal = terminal;
        _board = board;
        _time = time;
        board.Changed += OnChanged;
    }

    public override Encoding Encoding => _terminal.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_lock)
        {
            _partial.Append(value);
            var text = _partial.ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0) return;
            _partial.Remove(0, end + 1);
            if (_finished)
            {
                _terminal.Write(text[..(end + 1)]);
                return;
            }
            Erase();
            _terminal.Write(text[..(end + 1)]);
            Draw();
        }
    }

    public override void Flush()
    {
        lock (_lock) _terminal.Flush();
    }

    /// <summary>Draws the final state of every line and leaves it on screen; later writes go straight through.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_finished) return;
            Erase();
            Draw();
            _finished = true;
            _board.Changed -= OnChanged;
        }
    }

    protected override void Dispose(bool disposing)
    {
        Finish();
        if (disposing && ReferenceEquals(Console.Error, this)) Console.SetError(_terminal);
        base.Dispose(disposing);
    }

    private void OnChanged()
    {
        lock (_lock)
        {
            if (_finished || _time.GetElapsedTime(_drawnAt) < RedrawEvery) return;
            Erase();
            Draw();
        }
    }

    // Back to the first line of the block and clear from there down.
    private void Erase()
    {
        if (_drawn > 0) _terminal.Write($"\u001b[{_drawn}F\u001b[J");
        _drawn = 0;
    }

    private void Draw()
    {
        var lines = _board.Lines();
        foreach (var line in lines) _terminal.Write(line + "\n");
        _terminal.Flush();
        _drawn = lines.Count;
        _drawnAt = _time.GetTimestamp();
    }
}
