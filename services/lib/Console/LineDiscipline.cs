// The console server's line discipline: terminal input bytes in, echo bytes and line, interrupt, end-of-input or key events out.
using System;

namespace Smos.Services.Console;

/// <summary>What one input byte did (<see cref="LineDiscipline.Feed"/>).</summary>
public enum LineEvent
{
    /// <summary>Nothing to deliver (the byte was edited into the pending line, ignored, or began an escape sequence).</summary>
    None = 0,

    /// <summary>A line is complete: <see cref="LineDiscipline.Line"/> holds it, without its end (Enter, or Ctrl-D after text).</summary>
    Line = 1,

    /// <summary>Ctrl-C: interrupt the foreground process. The pending line was discarded.</summary>
    Interrupt = 2,

    /// <summary>Ctrl-D on an empty line: end of input for the reader.</summary>
    EndOfInput = 3,

    /// <summary>Raw mode: one byte for a key reader, in <see cref="LineDiscipline.Key"/>.</summary>
    Key = 4,
}

/// <summary>
/// The editing rules of the console's input, as a state machine with no I/O: the console server feeds it each byte the
/// serial driver received, writes <see cref="Echo"/> back to the terminal, and acts on the <see cref="LineEvent"/>.
/// All buffers are allocated by the constructor; <see cref="Feed"/> never allocates. The rules (line mode):
/// <list type="bullet">
/// <item>A printable byte is appended to the line and echoed; a tab becomes one space. A UTF-8 character of several
/// bytes is one character: accepted whole or not at all, erased whole (one "\b \b": one terminal column). A
/// continuation byte without its lead and bytes 0xF8-0xFF are ignored; a character cut short by another byte keeps
/// what arrived of it.</item>
/// <item>When the line holds <see cref="MaxLineBytes"/> bytes, a character that does not fit is dropped, all its bytes,
/// and the terminal's bell (0x07) is echoed once for it.</item>
/// <item>Backspace (0x08) and DEL (0x7F) erase the last character (echo "\b \b"); on an empty line they do nothing.
/// Ctrl-U (0x15) erases the whole line.</item>
/// <item>CR or LF ends the line (echo CR LF) and delivers it; an LF right after a CR is the same line end and is
/// dropped, so CR LF input gives one line.</item>
/// <item>Ctrl-C (0x03) discards the pending line, echoes "^C" CR LF and reports <see cref="LineEvent.Interrupt"/>.</item>
/// <item>Ctrl-D (0x04) on an empty line reports <see cref="LineEvent.EndOfInput"/> (no echo); after text it delivers
/// the pending line as Enter would (echo CR LF).</item>
/// <item>Escape sequences (ESC [ parameters final, ESC O x) are swallowed; after a lone ESC, a byte that starts no
/// sequence is handled as usual, and so is a control byte inside a sequence (which ends it). Up and down arrows (ESC [ A, ESC [ B, or ESC O A/B) walk the history of delivered
/// lines (the last <see cref="HistoryDepth"/> non-empty ones; a line equal to the newest entry is not added again),
/// redrawing the line; down past the newest entry brings back the line that was being typed. A recalled line can be
/// edited and delivered; edits are lost when moving on to another entry. Other control bytes are ignored.</item>
/// </list>
/// In raw mode (<see cref="Raw"/>, for ReadKey) every byte is delivered as <see cref="LineEvent.Key"/> without echo,
/// except Ctrl-C, which still interrupts (echo "^C" CR LF, the pending line discarded).
/// </summary>
public sealed class LineDiscipline
{
    /// <summary>The default limit of a line, in bytes.</summary>
    public const int DefaultMaxLineBytes = 256;

    /// <summary>The default number of lines the history keeps.</summary>
    public const int DefaultHistoryDepth = 16;

    private const byte CtrlC = 0x03;
    private const byte CtrlD = 0x04;
    private const byte Bell = 0x07;
    private const byte Backspace = 0x08;
    private const byte Tab = 0x09;
    private const byte LineFeed = 0x0A;
    private const byte CarriageReturn = 0x0D;
    private const byte CtrlU = 0x15;
    private const byte Escape = 0x1B;
    private const byte Delete = 0x7F;

    private readonly byte[] _line;
    private int _length;
    private readonly byte[] _echo;
    private int _echoLength;
    private bool _lineDelivered;
    private bool _afterCr;
    private byte _key;

    // UTF-8: continuation bytes still expected by the character being typed, and whether it is being dropped.
    private int _continuations;
    private bool _dropping;

    // Escape sequences: 0 outside one, 1 after ESC, 2 inside ESC [ (up to the final byte), 3 after ESC O.
    private int _escape;

    // History: a ring of the last lines, each in its own buffer; `_browse` is how far back the shown line is (0: the
    // line being typed, kept in `_draft` while browsing).
    private readonly byte[][] _history;
    private readonly int[] _historyLengths;
    private int _historyCount;
    private int _historyNewest = -1;
    private int _browse;
    private readonly byte[] _draft;
    private int _draftLength;

    /// <summary>A line discipline with lines of at most <paramref name="maxLineBytes"/> bytes and <paramref name="historyDepth"/> lines of history (0: none).</summary>
    public LineDiscipline(int maxLineBytes = DefaultMaxLineBytes, int historyDepth = DefaultHistoryDepth)
    {
        if (maxLineBytes < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLineBytes), "a line must hold at least one 4-byte character");
        }

        if (historyDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(historyDepth), "history depth cannot be negative");
        }

        MaxLineBytes = maxLineBytes;
        HistoryDepth = historyDepth;
        _line = new byte[maxLineBytes];
        _draft = new byte[maxLineBytes];
        // The largest echo: erase a whole line ("\b \b" per byte at most) and draw another.
        _echo = new byte[4 * maxLineBytes + 8];
        _history = new byte[historyDepth][];
        _historyLengths = new int[historyDepth];
        for (int i = 0; i < historyDepth; i++)
        {
            _history[i] = new byte[maxLineBytes];
        }
    }

    /// <summary>The most bytes a line may hold.</summary>
    public int MaxLineBytes { get; }

    /// <summary>How many delivered lines the history keeps.</summary>
    public int HistoryDepth { get; }

    /// <summary>
    /// Raw mode: each byte is a <see cref="LineEvent.Key"/> (Ctrl-C still interrupts), with no echo and no editing.
    /// Switching modes keeps the pending line.
    /// </summary>
    public bool Raw { get; set; }

    /// <summary>The bytes to write to the terminal for the last <see cref="Feed"/> (valid until the next call).</summary>
    public ReadOnlySpan<byte> Echo => new ReadOnlySpan<byte>(_echo, 0, _echoLength);

    /// <summary>The line a <see cref="LineEvent.Line"/> delivered, without its end (valid until the next <see cref="Feed"/>).</summary>
    public ReadOnlySpan<byte> Line => new ReadOnlySpan<byte>(_line, 0, _lineDelivered ? _length : 0);

    /// <summary>The line being typed, not yet delivered (for redrawing it after other output).</summary>
    public ReadOnlySpan<byte> Pending => new ReadOnlySpan<byte>(_line, 0, _lineDelivered ? 0 : _length);

    /// <summary>The byte a <see cref="LineEvent.Key"/> delivered.</summary>
    public byte Key => _key;

    /// <summary>The number of lines in the history.</summary>
    public int HistoryCount => _historyCount;

    /// <summary>Drops the pending line and any half-read escape sequence or character (no echo); keeps the history.</summary>
    public void Reset()
    {
        _length = 0;
        _lineDelivered = false;
        _afterCr = false;
        _continuations = 0;
        _dropping = false;
        _escape = 0;
        _browse = 0;
        _echoLength = 0;
    }

    /// <summary>Takes one input byte; <see cref="Echo"/> then holds what to write back, and the result says what to deliver.</summary>
    public LineEvent Feed(byte input)
    {
        _echoLength = 0;
        if (_lineDelivered)
        {
            _lineDelivered = false;
            _length = 0;
        }

        bool afterCr = _afterCr;
        _afterCr = false;
        if (input == CtrlC)
        {
            _length = 0;
            _continuations = 0;
            _dropping = false;
            _escape = 0;
            _browse = 0;
            Put((byte)'^');
            Put((byte)'C');
            PutNewline();
            return LineEvent.Interrupt;
        }

        if (Raw)
        {
            _key = input;
            return LineEvent.Key;
        }

        if (_escape != 0)
        {
            return FeedEscape(input);
        }

        if (_continuations > 0)
        {
            if ((input & 0xC0) == 0x80)
            {
                _continuations--;
                if (!_dropping)
                {
                    _line[_length++] = input;
                    Put(input);
                }

                return LineEvent.None;
            }

            // The character was cut short: what arrived of it stays (and erases as one character).
            _continuations = 0;
            _dropping = false;
        }

        switch (input)
        {
            case CarriageReturn:
                _afterCr = true;
                return Deliver();
            case LineFeed:
                return afterCr ? LineEvent.None : Deliver();
            case CtrlD:
                if (_length == 0)
                {
                    return LineEvent.EndOfInput;
                }

                return Deliver();
            case Backspace:
            case Delete:
                EraseCharacters(1);
                return LineEvent.None;
            case CtrlU:
                EraseCharacters(int.MaxValue);
                return LineEvent.None;
            case Escape:
                _escape = 1;
                return LineEvent.None;
        }

        if (input == Tab)
        {
            input = (byte)' '; // one column, so that erasing it is exact
        }
        else if (input < 0x20)
        {
            return LineEvent.None; // other control bytes
        }

        int size = Utf8Size(input);
        if (size == 0)
        {
            return LineEvent.None; // a continuation byte without its lead, or a byte UTF-8 never uses
        }

        _continuations = size - 1;
        _dropping = _length + size > _line.Length;
        if (_dropping)
        {
            Put(Bell);
            return LineEvent.None;
        }

        _line[_length++] = input;
        Put(input);
        return LineEvent.None;
    }

    // ESC, ESC [ and ESC O sequences: arrows move in the history, everything else is swallowed. A byte after a lone
    // ESC that starts no sequence, and a control byte anywhere in a sequence (Enter, backspace...), ends it and is
    // handled as ordinary input.
    private LineEvent FeedEscape(byte input)
    {
        if (input < 0x20)
        {
            _escape = 0;
            return Feed(input);
        }

        switch (_escape)
        {
            case 1:
                if (input == (byte)'[')
                {
                    _escape = 2;
                    return LineEvent.None;
                }

                if (input == (byte)'O')
                {
                    _escape = 3;
                    return LineEvent.None;
                }

                _escape = 0;
                return Feed(input);
            case 2:
                if (input >= 0x20 && input <= 0x3F)
                {
                    return LineEvent.None; // parameter and intermediate bytes
                }

                _escape = 0;
                Arrow(input);
                return LineEvent.None;
            default:
                _escape = 0;
                Arrow(input);
                return LineEvent.None;
        }
    }

    private void Arrow(byte final)
    {
        if (final == (byte)'A' && _browse < _historyCount)
        {
            if (_browse == 0)
            {
                _line.AsSpan(0, _length).CopyTo(_draft);
                _draftLength = _length;
            }

            _browse++;
            Show(HistoryEntry(_browse));
        }
        else if (final == (byte)'B' && _browse > 0)
        {
            _browse--;
            Show(_browse == 0 ? new ReadOnlySpan<byte>(_draft, 0, _draftLength) : HistoryEntry(_browse));
        }
    }

    // The history entry `back` lines before the newest (1: the newest).
    private ReadOnlySpan<byte> HistoryEntry(int back)
    {
        int index = (_historyNewest - (back - 1) + HistoryDepth) % HistoryDepth;
        return new ReadOnlySpan<byte>(_history[index], 0, _historyLengths[index]);
    }

    // Replaces the pending line with `text`, on the terminal too.
    private void Show(ReadOnlySpan<byte> text)
    {
        EraseCharacters(int.MaxValue);
        text.CopyTo(_line);
        _length = text.Length;
        for (int i = 0; i < text.Length; i++)
        {
            Put(text[i]);
        }
    }

    private LineEvent Deliver()
    {
        PutNewline();
        _lineDelivered = true;
        _browse = 0;
        if (HistoryDepth > 0 && _length > 0 && !(_historyCount > 0 && HistoryEntry(1).SequenceEqual(_line.AsSpan(0, _length))))
        {
            _historyNewest = (_historyNewest + 1) % HistoryDepth;
            _line.AsSpan(0, _length).CopyTo(_history[_historyNewest]);
            _historyLengths[_historyNewest] = _length;
            if (_historyCount < HistoryDepth)
            {
                _historyCount++;
            }
        }

        return LineEvent.Line;
    }

    // Erases up to `count` characters from the end of the line (a UTF-8 character with all its bytes), echoing "\b \b" each.
    private void EraseCharacters(int count)
    {
        while (count > 0 && _length > 0)
        {
            do
            {
                _length--;
            }
            while (_length > 0 && (_line[_length] & 0xC0) == 0x80);

            Put(Backspace);
            Put((byte)' ');
            Put(Backspace);
            count--;
        }
    }

    // The bytes of the UTF-8 character a byte starts: 1 for ASCII, 2-4 for a lead byte, 0 for a continuation byte and
    // for 0xF8-0xFF, which never start a character.
    private static int Utf8Size(byte lead) =>
        lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;

    private void PutNewline()
    {
        Put(CarriageReturn);
        Put(LineFeed);
    }

    private void Put(byte value) => _echo[_echoLength++] = value;
}
