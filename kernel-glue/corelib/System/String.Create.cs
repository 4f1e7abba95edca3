// String creation: allocation, the constructors (ILC turns `new string(...)` into the static Ctor methods), copies out.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace System;

public sealed partial class String
{
    /// <summary>A string of <paramref name="c"/> repeated <paramref name="count"/> times.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    public extern String(char c, int count);

    /// <summary>A string with the characters of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    public extern String(ReadOnlySpan<char> value);

    /// <summary>A string with the characters of <paramref name="value"/> (empty for null).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    public extern String(char[]? value);

    /// <summary>A string with <paramref name="length"/> characters of <paramref name="value"/> from <paramref name="startIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    public extern String(char[] value, int startIndex, int length);

    /// <summary>A string with <paramref name="length"/> characters at <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    public extern unsafe String(char* value, int startIndex, int length);

    private static string Ctor(char c, int count)
    {
        if (count <= 0)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "Count cannot be less than zero.");
            }

            return Empty;
        }

        string result = FastAllocateString(count);
        result.WritableChars().Fill(c);
        return result;
    }

    private static string Ctor(ReadOnlySpan<char> value) => CreateFromSpan(value);

    private static string Ctor(char[]? value) => CreateFromSpan(value);

    private static string Ctor(char[] value, int startIndex, int length)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (startIndex < 0 || length < 0 || startIndex > value.Length - length)
        {
            throw new ArgumentOutOfRangeException(startIndex < 0 ? nameof(startIndex) : nameof(length), "Index and length must refer to a location within the string.");
        }

        return CreateFromSpan(new ReadOnlySpan<char>(value, startIndex, length));
    }

    private static unsafe string Ctor(char* value, int startIndex, int length)
    {
        if (length < 0 || startIndex < 0)
        {
            throw new ArgumentOutOfRangeException(length < 0 ? nameof(length) : nameof(startIndex), "Non-negative number required.");
        }

        if (value == null && length != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Pointer startIndex and length do not refer to a valid string.");
        }

        return CreateFromSpan(new ReadOnlySpan<char>(value + startIndex, length));
    }

    /// <summary>A new string with the characters of <paramref name="value"/> ("" when empty).</summary>
    internal static string CreateFromSpan(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return Empty;
        }

        string result = FastAllocateString(value.Length);
        value.CopyTo(result.WritableChars());
        return result;
    }

    /// <summary>A zeroed string of <paramref name="length"/> characters, to be filled before anyone else sees it.</summary>
    internal static unsafe string FastAllocateString(int length)
    {
        if (length < 0)
        {
            throw new OutOfMemoryException();
        }

        // Every string literal carries the string type's MethodTable; the allocator adds the terminating NUL.
        return NewString(((object)"").m_pEEType, length);
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "RhNewString")]
    private static extern unsafe string NewString(Internal.Runtime.MethodTable* type, int length);

    /// <summary>The characters of a string being built (only for strings from <see cref="FastAllocateString"/>).</summary>
    internal Span<char> WritableChars() => new Span<char>(ref _firstChar, _stringLength);

    /// <summary>The characters as a new array.</summary>
    public char[] ToCharArray()
    {
        var result = new char[_stringLength];
        ((ReadOnlySpan<char>)this).CopyTo(result);
        return result;
    }

    /// <summary><paramref name="length"/> characters from <paramref name="startIndex"/> as a new array.</summary>
    public char[] ToCharArray(int startIndex, int length)
    {
        CheckRange(startIndex, length);
        var result = new char[length];
        ((ReadOnlySpan<char>)this).Slice(startIndex, length).CopyTo(result);
        return result;
    }

    /// <summary>Copies the characters into <paramref name="destination"/> (ArgumentException if it is too short).</summary>
    public void CopyTo(Span<char> destination)
    {
        if (!((ReadOnlySpan<char>)this).TryCopyTo(destination))
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }
    }

    /// <summary>Copies the characters into <paramref name="destination"/>; false if it is too short.</summary>
    public bool TryCopyTo(Span<char> destination) => ((ReadOnlySpan<char>)this).TryCopyTo(destination);

    /// <summary>The rest of the string from <paramref name="startIndex"/>.</summary>
    public string Substring(int startIndex) => Substring(startIndex, _stringLength - startIndex);

    /// <summary><paramref name="length"/> characters from <paramref name="startIndex"/>.</summary>
    public string Substring(int startIndex, int length)
    {
        CheckRange(startIndex, length);
        if (length == _stringLength)
        {
            return this;
        }

        return CreateFromSpan(((ReadOnlySpan<char>)this).Slice(startIndex, length));
    }

    /// <summary>This string (strings are immutable).</summary>
    public override string ToString() => this;

    /// <summary>This string (the provider is ignored).</summary>
    public string ToString(IFormatProvider? provider) => this;

    private void CheckRange(int startIndex, int length)
    {
        if ((uint)startIndex > (uint)_stringLength)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), "startIndex cannot be larger than length of string.");
        }

        if ((uint)length > (uint)(_stringLength - startIndex))
        {
            throw new ArgumentOutOfRangeException(nameof(length), "Index and length must refer to a location within the string.");
        }
    }
}
