// A panic's text built in a caller's stack buffer: no allocation, ASCII only, cut at the buffer's end.
using System;

namespace Internal.Runtime;

/// <summary>
/// Builds the one-line text of a panic without allocating (the heap may be the reason for the panic). Characters
/// outside ASCII become '?'; text past the buffer's end is dropped.
/// </summary>
public ref struct PanicText
{
    private readonly Span<byte> _buffer;
    private int _length;

    public PanicText(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>The text so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    public void Append(string? s)
    {
        if (s is null)
        {
            return;
        }

        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            Append(c < 128 ? (byte)c : (byte)'?');
        }
    }

    /// <summary>Appends UTF-8 (or ASCII) bytes; a byte outside ASCII becomes '?', as a character does in <see cref="Append(string)"/>.</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            Append(b < 128 ? b : (byte)'?');
        }
    }

    public void Append(byte c)
    {
        if (_length < _buffer.Length)
        {
            _buffer[_length++] = c;
        }
    }

    public void AppendDecimal(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value != 0);

        while (n > 0)
        {
            Append(digits[--n]);
        }
    }
}
