// The console's two writers on one terminal: the system's output (from the root task's ring) and the echo of typing.
using System;

namespace Smos.Services.Console;

/// <summary>
/// Merges the system's output and the line discipline's echo into the bytes the terminal gets, in a
/// <see cref="ByteRing"/>. Output's '\n' becomes CR LF (a terminal in raw mode needs both). When output starts a new line
/// of its own while typing left the cursor mid-line, CR LF comes first, so every line of output starts in column 0
/// (a result line of the root task included). Output that continues its own open line after typing broke it (a prompt
/// answered) starts again with the mark the root task sent with it (between the mark bytes: "hello[3]: "), on a line of
/// its own, so no line of the terminal starts with bytes that are not their writer's; a mark sent while the line was
/// not broken is dropped. When the echo of Enter ended output's open line, output's own end of that line (its next
/// byte, a line feed) is not shown again. Echo goes out as the line discipline made it.
/// </summary>
public sealed class TerminalMixer
{
    private readonly byte _markStart;
    private readonly byte _markEnd;
    private readonly byte[] _mark;
    private int _markLength;
    private bool _inMark;
    private bool _markDue;
    private bool _outputMidLine;
    private bool _lastWasEcho;

    /// <summary>
    /// A mixer whose output marks a continued line's mark between <paramref name="markStart"/> and
    /// <paramref name="markEnd"/> (the console passes ConsoleAbi's), keeping at most <paramref name="maxMarkBytes"/>.
    /// </summary>
    public TerminalMixer(byte markStart, byte markEnd, int maxMarkBytes)
    {
        _markStart = markStart;
        _markEnd = markEnd;
        _mark = new byte[maxMarkBytes];
    }

    /// <summary>True when the terminal's cursor is in column 0 (after a line end, or before anything was written).</summary>
    public bool AtColumnZero { get; private set; } = true;

    /// <summary>
    /// Adds output bytes while <paramref name="terminal"/> has room for each (a break, a mark and CR LF); returns how
    /// many of <paramref name="output"/> were taken.
    /// </summary>
    public int AddOutput(ReadOnlySpan<byte> output, ByteRing terminal)
    {
        int taken = 0;
        while (taken < output.Length && terminal.Free >= 4 + (_markDue ? _markLength : 0))
        {
            byte b = output[taken++];
            if (_inMark)
            {
                TakeMarkByte(b);
                continue;
            }

            if (b == _markStart)
            {
                _inMark = true;
                _markLength = 0;
                continue;
            }

            if (_lastWasEcho && AtColumnZero && _outputMidLine && b == (byte)'\n')
            {
                // Output's open line (a prompt) was ended by the echo of Enter: this line end is that one, already shown.
                _lastWasEcho = false;
                _outputMidLine = false;
                _markDue = false;
                continue;
            }

            if ((_lastWasEcho && !AtColumnZero && !_outputMidLine) || (_markDue && !AtColumnZero))
            {
                Put(terminal, (byte)'\r');
                Put(terminal, (byte)'\n');
            }

            if (_markDue)
            {
                _markDue = false;
                for (int i = 0; i < _markLength; i++)
                {
                    Put(terminal, _mark[i]);
                }
            }

            _lastWasEcho = false;
            if (b == (byte)'\n')
            {
                Put(terminal, (byte)'\r');
            }

            Put(terminal, b);
            _outputMidLine = b != (byte)'\n';
        }

        return taken;
    }

    /// <summary>Adds the echo of typing (dropped past the ring's room: the terminal shows less, the line is intact).</summary>
    public void AddEcho(ReadOnlySpan<byte> echo, ByteRing terminal)
    {
        foreach (byte b in echo)
        {
            if (terminal.Free == 0)
            {
                return;
            }

            Put(terminal, b);
            _lastWasEcho = true;
        }
    }

    // A mark's bytes are kept until its end; then it is due (shown before the next output byte) only if typing's echo
    // came after output's open line, which the output continues.
    private void TakeMarkByte(byte b)
    {
        if (b != _markEnd)
        {
            if (_markLength < _mark.Length)
            {
                _mark[_markLength++] = b;
            }

            return;
        }

        _inMark = false;
        _markDue = _lastWasEcho && _outputMidLine;
    }

    private void Put(ByteRing terminal, byte b)
    {
        terminal.TryPut(b);
        AtColumnZero = b == (byte)'\n' || (b == (byte)'\r' && AtColumnZero);
    }
}
