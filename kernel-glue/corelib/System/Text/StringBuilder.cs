// System.Text.StringBuilder: a mutable string (Append of text, numbers and objects, AppendLine, AppendFormat, Insert, Remove, Replace).
using Internal.Runtime;

namespace System.Text;

/// <summary>A mutable sequence of characters in one growing array. Numbers format without intermediate strings.</summary>
public sealed partial class StringBuilder
{
    private char[] _chars;
    private int _length;

    /// <summary>An empty builder.</summary>
    public StringBuilder() : this(16)
    {
    }

    /// <summary>An empty builder with room for <paramref name="capacity"/> characters.</summary>
    public StringBuilder(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "Capacity must be positive.");
        }

        _chars = new char[capacity < 16 ? 16 : capacity];
    }

    /// <summary>A builder holding <paramref name="value"/>.</summary>
    public StringBuilder(string? value) : this(value, 16)
    {
    }

    /// <summary>A builder holding <paramref name="value"/> with room for <paramref name="capacity"/> characters.</summary>
    public StringBuilder(string? value, int capacity) : this(value is not null && value.Length > capacity ? value.Length : capacity)
    {
        Append(value);
    }

    /// <summary>The number of characters; setting it truncates or pads with NUL characters.</summary>
    public int Length
    {
        get => _length;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Length cannot be less than zero.");
            }

            EnsureCapacity(value);
            if (value > _length)
            {
                _chars.AsSpan(_length, value - _length).Clear();
            }

            _length = value;
        }
    }

    /// <summary>The characters the builder can hold before it grows.</summary>
    public int Capacity => _chars.Length;

    /// <summary>The character at <paramref name="index"/>.</summary>
    [System.Runtime.CompilerServices.IndexerName("Chars")]
    public char this[int index]
    {
        get => (uint)index < (uint)_length ? _chars[index] : throw new IndexOutOfRangeException("Index was outside the bounds of the array.");
        set
        {
            if ((uint)index >= (uint)_length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
            }

            _chars[index] = value;
        }
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> characters; returns the capacity.</summary>
    public int EnsureCapacity(int capacity)
    {
        if (capacity > _chars.Length)
        {
            Grow(capacity - _length);
        }

        return _chars.Length;
    }

    /// <summary>Appends a string (nothing for null).</summary>
    public StringBuilder Append(string? value) => Append((ReadOnlySpan<char>)value);

    /// <summary>Appends <paramref name="count"/> characters of <paramref name="value"/> from <paramref name="startIndex"/>.</summary>
    public StringBuilder Append(string? value, int startIndex, int count) => Append(value.AsSpan(startIndex, count));

    /// <summary>Appends characters.</summary>
    public StringBuilder Append(scoped ReadOnlySpan<char> value)
    {
        if (value.Length > _chars.Length - _length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_chars.AsSpan(_length));
        _length += value.Length;
        return this;
    }

    /// <summary>Appends the characters of an array (nothing for null).</summary>
    public StringBuilder Append(char[]? value) => Append(new ReadOnlySpan<char>(value));

    /// <summary>Appends one character.</summary>
    public StringBuilder Append(char value)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = value;
        return this;
    }

    /// <summary>Appends <paramref name="repeatCount"/> copies of a character.</summary>
    public StringBuilder Append(char value, int repeatCount)
    {
        if (repeatCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(repeatCount), "Count cannot be less than zero.");
        }

        if (repeatCount > _chars.Length - _length)
        {
            Grow(repeatCount);
        }

        _chars.AsSpan(_length, repeatCount).Fill(value);
        _length += repeatCount;
        return this;
    }

    /// <summary>Appends "True" or "False".</summary>
    public StringBuilder Append(bool value) => Append(value ? "True" : "False");

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(int value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(long value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(uint value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(ulong value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(short value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(ushort value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(byte value) => AppendValue(value, 0);

    /// <summary>Appends an integer in decimal.</summary>
    public StringBuilder Append(sbyte value) => AppendValue(value, 0);

    /// <summary>Appends an object's text (numbers, bool, char and enums directly; others by ToString).</summary>
    public StringBuilder Append(object? value) => AppendValue(value, 0);

    /// <summary>Appends the contents of another builder.</summary>
    public StringBuilder Append(StringBuilder? value) => value is null ? this : Append(value._chars.AsSpan(0, value._length));

    /// <summary>Appends a newline ("\n").</summary>
    public StringBuilder AppendLine() => Append('\n');

    /// <summary>Appends a string and a newline.</summary>
    public StringBuilder AppendLine(string? value) => Append(value).Append('\n');

    /// <summary>Appends a composite format with one argument.</summary>
    public StringBuilder AppendFormat(string format, object? arg0) => AppendComposite(format, new ReadOnlySpan<object?>(ref arg0, 1));

    /// <summary>Appends a composite format with two arguments.</summary>
    public StringBuilder AppendFormat(string format, object? arg0, object? arg1) => AppendComposite(format, [arg0, arg1]);

    /// <summary>Appends a composite format with three arguments.</summary>
    public StringBuilder AppendFormat(string format, object? arg0, object? arg1, object? arg2) => AppendComposite(format, [arg0, arg1, arg2]);

    /// <summary>Appends a composite format.</summary>
    public StringBuilder AppendFormat(string format, params object?[] args) => AppendComposite(format, args);

    /// <summary>Appends a composite format.</summary>
    public StringBuilder AppendFormat(string format, params ReadOnlySpan<object?> args) => AppendComposite(format, args);

    /// <summary>Removes every character.</summary>
    public StringBuilder Clear()
    {
        _length = 0;
        return this;
    }

    /// <summary>The characters as a string.</summary>
    public override string ToString() => string.CreateFromSpan(_chars.AsSpan(0, _length));

    /// <summary><paramref name="length"/> characters from <paramref name="startIndex"/> as a string.</summary>
    public string ToString(int startIndex, int length)
    {
        CheckRange(startIndex, length);
        return string.CreateFromSpan(_chars.AsSpan(startIndex, length));
    }

    private StringBuilder AppendComposite(string format, ReadOnlySpan<object?> args)
    {
        if (format is null)
        {
            throw new ArgumentNullException(nameof(format));
        }

        Span<char> initial = stackalloc char[128];
        var builder = new ValueStringBuilder(initial);
        builder.AppendComposite(format, args);
        return Append(builder.Text);
    }

    // Formats a value in its default format straight into the free space (growing as needed), padded to the alignment:
    // no format string, so no format-string parser (Internal.Runtime.Formatting.TryFormatDefault).
    private StringBuilder AppendValue<T>(T value, int alignment)
    {
        int start = _length;
        if (value is string s)
        {
            Append(s);
        }
        else if (!Formatting.IsPrimitive(value))
        {
            Append(value?.ToString());
        }
        else
        {
            int n;
            while (Formatting.TryFormatDefault(value, _chars.AsSpan(_length), out n) != FormatOutcome.Done)
            {
                Grow(n);
            }

            _length += n;
        }

        if (alignment != 0)
        {
            Align(start, alignment);
        }

        return this;
    }

    // Formats a value straight into the free space (growing as needed), padded to the alignment.
    private StringBuilder AppendValue<T>(T value, int alignment, scoped ReadOnlySpan<char> format)
    {
        int start = _length;
        if (value is string s)
        {
            Append(s);
        }
        else
        {
            while (true)
            {
                FormatOutcome o = Formatting.TryFormat(value, format, _chars.AsSpan(_length), out int n);
                if (o == FormatOutcome.Done)
                {
                    _length += n;
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

        return this;
    }

    private void Align(int start, int alignment)
    {
        int width = alignment < 0 ? -alignment : alignment;
        int pad = width - (_length - start);
        if (pad > 0)
        {
            Insert(alignment < 0 ? _length : start, ' ', pad);
        }
    }

    private void Grow(int additional)
    {
        int needed = _length + additional;
        int size = _chars.Length * 2;
        var bigger = new char[size > needed ? size : needed];
        _chars.AsSpan(0, _length).CopyTo(bigger);
        _chars = bigger;
    }

    private void CheckRange(int startIndex, int length)
    {
        if (startIndex < 0 || length < 0 || startIndex > _length - length)
        {
            throw new ArgumentOutOfRangeException(startIndex < 0 || startIndex > _length ? nameof(startIndex) : nameof(length), "Index and length must refer to a location within the string.");
        }
    }
}
