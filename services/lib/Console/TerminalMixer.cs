// The console's two writers on one terminal: the system's output (from the root task's ring) and the echo of typing.
using System;

namespace Smos.Services.Console;

/// <summary>
/// Merges the system's output and the line discipline's echo into the bytes the terminal gets, in a
/// <see cref="ByteRing"/>. Output's '\n' becomes CR LF (a terminal in raw mode needs both). When output starts a new line
/// of its own while typing left the cursor mid-line, CR LF comes first, so every line of output starts in column 0
/// (a result line of the root task included). Output that continues its own open line (a prompt being answered) does
/// not; and when the echo of Enter ended output's open line, output's own end of that line (its next byte, a line feed) is
/// not shown again. Echo goes out as the line discipline made it.
/// </summary>
public sealed class TerminalMixer
{
    private bool _outputMidLine;
    private bool _lastWasEcho;

    /// <summary>True when the terminal's cursor is in column 0 (after a line end, or before anything was written).</summary>
    public bool AtColumnZero { get; private set; } = true;

    /// <summary>
    /// Adds output bytes while <paramref name="terminal"/> has room for each (at most 4 bytes: a break and CR LF);
    /// returns how many of <paramref name="output"/> were taken.
    /// </summary>
    public int AddOutput(ReadOnlySpan<byte> output, ByteRing terminal)
    {
        int taken = 0;
        while (taken < output.Length && terminal.Free >= 4)
        {
            byte b = output[taken++];
            if (_lastWasEcho && AtColumnZero && _outputMidLine && b == (byte)'\n')
            {
                // Output's open line (a prompt) was ended by the echo of Enter: this line end is that one, already shown.
                _lastWasEcho = false;
                _outputMidLine = false;
                continue;
            }

            if (_lastWasEcho && !AtColumnZero && !_outputMidLine)
            {
                Put(terminal, (byte)'\r');
                Put(terminal, (byte)'\n');
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

    private void Put(ByteRing terminal, byte b)
    {
        terminal.TryPut(b);
        AtColumnZero = b == (byte)'\n' || (b == (byte)'\r' && AtColumnZero);
    }
}
