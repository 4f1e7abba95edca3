// Strings: immutable UTF-16 arrays with ordinal equality and hashing (the text operations live in other files).
using System.Runtime.CompilerServices;

namespace System;

public sealed partial class String : IEquatable<string>
{
    // ILC requires exactly these two field names.
    private readonly int _stringLength;
    private char _firstChar;

    public static readonly string Empty = "";

    public int Length => _stringLength;

    [IndexerName("Chars")]
    public unsafe char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_stringLength)
            {
                Internal.Runtime.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            return Unsafe.Add(ref _firstChar, index);
        }
    }

    public ref readonly char GetPinnableReference() => ref _firstChar;

    /// <summary>Ordinal equality: the same characters in the same order.</summary>
    public bool Equals(string? value) => Equals(this, value);

    public override bool Equals(object? obj) => obj is string s && Equals(this, s);

    public static bool Equals(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a._stringLength != b._stringLength)
        {
            return false;
        }

        for (int i = 0; i < a._stringLength; i++)
        {
            if (Unsafe.Add(ref a._firstChar, i) != Unsafe.Add(ref b._firstChar, i))
            {
                return false;
            }
        }

        return true;
    }

    public static bool operator ==(string? a, string? b) => Equals(a, b);

    public static bool operator !=(string? a, string? b) => !Equals(a, b);

    /// <summary>An ordinal hash of the characters (FNV-1a over UTF-16 code units); equal strings hash equally.</summary>
    public override int GetHashCode()
    {
        uint hash = 2166136261;
        for (int i = 0; i < _stringLength; i++)
        {
            hash = (hash ^ Unsafe.Add(ref _firstChar, i)) * 16777619;
        }

        return (int)hash;
    }

    public static implicit operator ReadOnlySpan<char>(string? value) =>
        value is null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);
}
