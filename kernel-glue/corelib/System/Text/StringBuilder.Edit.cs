// StringBuilder editing (Insert, Remove, Replace) and interpolated appends (sb.Append($"...") with no intermediate string).
using System.Runtime.CompilerServices;

namespace System.Text;

public sealed partial class StringBuilder
{
    /// <summary>Inserts a string at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, string? value) => Insert(index, (ReadOnlySpan<char>)value);

    /// <summary>Inserts a character at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, char value) => Insert(index, value, 1);

    /// <summary>Inserts an integer's decimal text at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, int value) => Insert(index, value.ToString());

    /// <summary>Inserts an integer's decimal text at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, long value) => Insert(index, value.ToString());

    /// <summary>Inserts "True" or "False" at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, bool value) => Insert(index, value ? "True" : "False");

    /// <summary>Inserts an object's text at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, object? value) => Insert(index, Internal.Runtime.Formatting.ToText(value));

    /// <summary>Inserts characters at <paramref name="index"/>.</summary>
    public StringBuilder Insert(int index, scoped ReadOnlySpan<char> value)
    {
        OpenGap(index, value.Length);
        value.CopyTo(_chars.AsSpan(index));
        return this;
    }

    /// <summary>Removes <paramref name="length"/> characters from <paramref name="startIndex"/>.</summary>
    public StringBuilder Remove(int startIndex, int length)
    {
        CheckRange(startIndex, length);
        _chars.AsSpan(startIndex + length, _length - startIndex - length).CopyTo(_chars.AsSpan(startIndex));
        _length -= length;
        return this;
    }

    /// <summary>Replaces every <paramref name="oldChar"/> with <paramref name="newChar"/>.</summary>
    public StringBuilder Replace(char oldChar, char newChar)
    {
        for (int i = 0; i < _length; i++)
        {
            if (_chars[i] == oldChar)
            {
                _chars[i] = newChar;
            }
        }

        return this;
    }

    /// <summary>Replaces every <paramref name="oldValue"/> with <paramref name="newValue"/> (ordinal).</summary>
    public StringBuilder Replace(string oldValue, string? newValue)
    {
        string replaced = ToString().Replace(oldValue, newValue);
        _length = 0;
        return Append(replaced);
    }

    /// <summary>Appends an interpolated string, formatting each hole straight into the builder.</summary>
    public StringBuilder Append([InterpolatedStringHandlerArgument("")] ref AppendInterpolatedStringHandler handler) => this;

    /// <summary>Appends an interpolated string and a newline.</summary>
    public StringBuilder AppendLine([InterpolatedStringHandlerArgument("")] ref AppendInterpolatedStringHandler handler) => Append('\n');

    private StringBuilder Insert(int index, char value, int count)
    {
        OpenGap(index, count);
        _chars.AsSpan(index, count).Fill(value);
        return this;
    }

    // Moves the characters from index on by count, leaving a gap to fill.
    private void OpenGap(int index, int count)
    {
        if ((uint)index > (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than or equal to the size of the collection.");
        }

        if (count > _chars.Length - _length)
        {
            Grow(count);
        }

        _chars.AsSpan(index, _length - index).CopyTo(_chars.AsSpan(index + count));
        _length += count;
    }

    /// <summary>What C# compiles <c>builder.Append($"...")</c> into: each part goes straight into the builder.</summary>
    [InterpolatedStringHandler]
    public struct AppendInterpolatedStringHandler
    {
        private readonly StringBuilder _builder;

        /// <summary>A handler appending to <paramref name="stringBuilder"/>.</summary>
        public AppendInterpolatedStringHandler(int literalLength, int formattedCount, StringBuilder stringBuilder)
        {
            _builder = stringBuilder;
        }

        /// <summary>As the three-argument constructor (the provider is ignored).</summary>
        public AppendInterpolatedStringHandler(int literalLength, int formattedCount, StringBuilder stringBuilder, IFormatProvider? provider)
        {
            _builder = stringBuilder;
        }

        /// <summary>Appends literal text.</summary>
        public void AppendLiteral(string value) => _builder.Append(value);

        /// <summary>Appends a value.</summary>
        public void AppendFormatted<T>(T value) => _builder.AppendValue(value, 0);

        /// <summary>Appends a value in a format.</summary>
        public void AppendFormatted<T>(T value, string? format) => _builder.AppendValue(value, 0, format);

        /// <summary>Appends a value padded to an alignment.</summary>
        public void AppendFormatted<T>(T value, int alignment) => _builder.AppendValue(value, alignment);

        /// <summary>Appends a value in a format, padded to an alignment.</summary>
        public void AppendFormatted<T>(T value, int alignment, string? format) => _builder.AppendValue(value, alignment, format);

        /// <summary>Appends characters.</summary>
        public void AppendFormatted(ReadOnlySpan<char> value) => _builder.Append(value);

        /// <summary>Appends characters padded to an alignment.</summary>
        public void AppendFormatted(ReadOnlySpan<char> value, int alignment = 0, string? format = null)
        {
            int start = _builder._length;
            _builder.Append(value);
            if (alignment != 0)
            {
                _builder.Align(start, alignment);
            }
        }

        /// <summary>Appends a string.</summary>
        public void AppendFormatted(string? value) => _builder.Append(value);

        /// <summary>Appends a string padded to an alignment.</summary>
        public void AppendFormatted(string? value, int alignment = 0, string? format = null) => _builder.AppendValue(value, alignment);

        /// <summary>Appends an object's text, padded to an alignment, in a format.</summary>
        public void AppendFormatted(object? value, int alignment = 0, string? format = null) => _builder.AppendValue(value, alignment, format);
    }
}
