// A growable character buffer on the stack or in an array: the engine of interpolation, string.Format and string.Join.
using Internal.Runtime;
using Internal.Runtime.Text;

namespace System.Text;

/// <summary>
/// Characters appended into a span that starts as a caller's (stack) buffer or a rented array and moves to a bigger
/// array when full. Internal, as in .NET.
/// </summary>
internal ref struct ValueStringBuilder
{
    private Span<char> _chars;
    private int _pos;

    public ValueStringBuilder(Span<char> initialBuffer)
    {
        _chars = initialBuffer;
        _pos = 0;
    }

    public ValueStringBuilder(int initialCapacity)
    {
        _chars = new char[initialCapacity < 16 ? 16 : initialCapacity];
        _pos = 0;
    }

    /// <summary>The characters so far.</summary>
    public readonly int Length => _pos;

    /// <summary>The text so far.</summary>
    public readonly ReadOnlySpan<char> Text => _chars.Slice(0, _pos);

    /// <summary>The text as a new string.</summary>
    public override readonly string ToString() => string.CreateFromSpan(_chars.Slice(0, _pos));

    /// <summary>Forgets the text.</summary>
    public void Clear() => _pos = 0;

    public void Append(char c)
    {
        if (_pos == _chars.Length)
        {
            Grow(1);
        }

        _chars[_pos++] = c;
    }

    public void Append(char c, int count)
    {
        if (count > _chars.Length - _pos)
        {
            Grow(count);
        }

        _chars.Slice(_pos, count).Fill(c);
        _pos += count;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (text.Length > _chars.Length - _pos)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.Slice(_pos));
        _pos += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> padded to |<paramref name="alignment"/>| (right-aligned when positive).</summary>
    public void AppendAligned(scoped ReadOnlySpan<char> text, int alignment)
    {
        int start = _pos;
        Append(text);
        if (alignment != 0)
        {
            Align(start, alignment);
        }
    }

    /// <summary>Appends <paramref name="value"/> in its default format (no format string, so no format-string parser).</summary>
    public void AppendFormatted<T>(T value)
    {
        if (value is string s)
        {
            Append(s);
            return;
        }

        if (!Formatting.IsPrimitive(value))
        {
            Append(value?.ToString());
            return;
        }

        int n;
        while (Formatting.TryFormatDefault(value, _chars.Slice(_pos), out n) != FormatOutcome.Done)
        {
            Grow(n);
        }

        _pos += n;
    }

    /// <summary>Appends <paramref name="value"/> in its default format, padded to |<paramref name="alignment"/>| (right-aligned when positive).</summary>
    public void AppendFormatted<T>(T value, int alignment)
    {
        int start = _pos;
        AppendFormatted(value);
        if (alignment != 0)
        {
            Align(start, alignment);
        }
    }

    /// <summary>Appends <paramref name="value"/> in <paramref name="format"/>, padded to |<paramref name="alignment"/>| (right-aligned when positive).</summary>
    public void AppendFormatted<T>(T value, int alignment, scoped ReadOnlySpan<char> format)
    {
        int start = _pos;
        if (value is string s)
        {
            Append(s);
        }
        else
        {
            while (true)
            {
                FormatOutcome o = Formatting.TryFormat(value, format, _chars.Slice(_pos), out int n);
                if (o == FormatOutcome.Done)
                {
                    _pos += n;
                    break;
                }

                if (o == FormatOutcome.TooSmall)
                {
                    Grow(n);
                    continue;
                }

                Append(value?.ToString());
                break;
            }
        }

        if (alignment != 0)
        {
            Align(start, alignment);
        }
    }

    /// <summary>Appends a composite format ("{0,5:X}") with <paramref name="args"/>; FormatException as .NET for bad ones.</summary>
    public void AppendComposite(ReadOnlySpan<char> format, ReadOnlySpan<object?> args)
    {
        int position = 0;
        while (true)
        {
            switch (CompositeFormatParser.Next(format, ref position, out ReadOnlySpan<char> literal, out int index, out int alignment, out ReadOnlySpan<char> itemFormat))
            {
                case FormatPiece.End:
                    return;
                case FormatPiece.Literal:
                    Append(literal);
                    break;
                case FormatPiece.Item:
                    if (index >= args.Length)
                    {
                        throw new FormatException("Index (zero based) must be greater than or equal to zero and less than the size of the argument list.");
                    }

                    AppendFormatted(args[index], alignment, itemFormat);
                    break;
                default:
                    throw new FormatException("Input string was not in a correct format.");
            }
        }
    }

    // Pads what was appended since `start` to the alignment's width with spaces.
    private void Align(int start, int alignment)
    {
        bool left = alignment < 0;
        int width = left ? -alignment : alignment;
        int written = _pos - start;
        if (written >= width)
        {
            return;
        }

        int pad = width - written;
        if (left)
        {
            Append(' ', pad);
            return;
        }

        if (pad > _chars.Length - _pos)
        {
            Grow(pad);
        }

        _chars.Slice(start, written).CopyTo(_chars.Slice(start + pad));
        _chars.Slice(start, pad).Fill(' ');
        _pos += pad;
    }

    private void Grow(int additional)
    {
        int needed = _pos + additional;
        int size = _chars.Length * 2;
        if (size < needed)
        {
            size = needed;
        }

        if (size < 16)
        {
            size = 16;
        }

        var bigger = new char[size];
        _chars.Slice(0, _pos).CopyTo(bigger);
        _chars = bigger;
    }
}
