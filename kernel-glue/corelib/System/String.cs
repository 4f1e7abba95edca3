// Strings are immutable UTF-16 arrays; only literals exist on bare metal (there is no concatenation).
using System.Runtime.CompilerServices;

namespace System;

public sealed class String
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

    public static implicit operator ReadOnlySpan<char>(string? value) =>
        value is null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);
}
