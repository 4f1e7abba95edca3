// How long the system takes to answer a key typed at the serial line, in a counter's units (the bench's key rows).
namespace Smos.Services.Console;

/// <summary>
/// A key's span runs from its arrival (<see cref="KeyIn"/>, at the driver's wake-up on the receive interrupt) to the
/// last byte the driver sent (<see cref="Sent"/>) before the next key arrived or the spans were read (<see cref="Close"/>);
/// a key with nothing sent after it has none. Kept: the fastest span of a printable key (the echo of one character) and
/// the fastest and slowest spans of an Enter (a command's whole answer, up to the shell's next prompt: the bench types
/// one command several times, so that a collection in the root task, which falls into one of them now and then, does not
/// decide the figure). The serial driver feeds it the
/// PMU's instruction count in bench builds; counters wrap at <c>counterMask</c>, so a span is taken modulo it.
/// </summary>
public sealed class KeySpans
{
    private readonly ulong _counterMask;
    private bool _open;
    private byte _key;
    private ulong _start;
    private ulong _lastSent;
    private bool _sentSince;

    /// <summary>Spans of a counter whose values wrap at <paramref name="counterMask"/> + 1 (0xFFFF_FFFF: 32 bits).</summary>
    public KeySpans(ulong counterMask) => _counterMask = counterMask;

    /// <summary>Keys seen so far.</summary>
    public int Keys { get; private set; }

    /// <summary>The fastest answered printable key's span, or null.</summary>
    public ulong? FastestPrintable { get; private set; }

    /// <summary>How many printable keys were answered (the fastest is the least of these).</summary>
    public int PrintableAnswered { get; private set; }

    /// <summary>The fastest answered Enter's (CR or LF) span, or null.</summary>
    public ulong? FastestEnter { get; private set; }

    /// <summary>The slowest answered Enter's span, or null.</summary>
    public ulong? SlowestEnter { get; private set; }

    /// <summary>How many Enters were answered.</summary>
    public int EntersAnswered { get; private set; }

    /// <summary>A key arrived at <paramref name="now"/>: the previous key's span ends.</summary>
    public void KeyIn(byte key, ulong now)
    {
        Close();
        _open = true;
        _key = key;
        _start = now;
        _sentSince = false;
        Keys++;
    }

    /// <summary>A byte went to the line at <paramref name="now"/>.</summary>
    public void Sent(ulong now)
    {
        if (_open)
        {
            _lastSent = now;
            _sentSince = true;
        }
    }

    /// <summary>Ends the open key's span (before the spans are read).</summary>
    public void Close()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        if (!_sentSince)
        {
            return;
        }

        ulong span = (_lastSent - _start) & _counterMask;
        if (_key is >= 32 and < 127)
        {
            PrintableAnswered++;
            FastestPrintable = FastestPrintable is ulong f && f <= span ? f : span;
        }
        else if (_key is (byte)'\r' or (byte)'\n')
        {
            EntersAnswered++;
            FastestEnter = FastestEnter is ulong f && f <= span ? f : span;
            SlowestEnter = SlowestEnter is ulong s && s >= span ? s : span;
        }
    }
}
