// Text of nint, nuint and enums: decimal ToString and standard formats; an enum prints its number (no reflection, no names).
using Internal.Runtime;

namespace System;

/// <summary>Text of <see cref="nint"/> (64-bit on SmosSharp).</summary>
public partial struct IntPtr : IFormattable, ISpanFormattable
{
    /// <summary>The value in decimal.</summary>
    public override unsafe string ToString() => Number.Int64ToDecimalString((long)_value);

    /// <summary>The value in a standard format.</summary>
    public unsafe string ToString(string? format) => Number.FormatInt64((long)_value, 8, format);

    /// <summary>The value in a standard format (the provider is ignored).</summary>
    public unsafe string ToString(string? format, IFormatProvider? provider) => Number.FormatInt64((long)_value, 8, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public unsafe bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatInt64((long)_value, 8, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer; FormatException or OverflowException otherwise.</summary>
    public static nint Parse(string s) => (nint)NumberParsing.ParseSigned(NumberParsing.NotNull(s), long.MinValue, long.MaxValue, "an IntPtr");

    /// <summary>Parses a decimal integer; false when it is not one.</summary>
    public static bool TryParse(string? s, out nint result)
    {
        bool ok = long.TryParse(s, out long v);
        result = (nint)v;
        return ok;
    }
}

/// <summary>Text of <see cref="nuint"/> (64-bit on SmosSharp).</summary>
public partial struct UIntPtr : IFormattable, ISpanFormattable
{
    /// <summary>The value in decimal.</summary>
    public override unsafe string ToString() => Number.UInt64ToDecimalString((ulong)_value);

    /// <summary>The value in a standard format.</summary>
    public unsafe string ToString(string? format) => Number.FormatUInt64((ulong)_value, 8, format);

    /// <summary>The value in a standard format (the provider is ignored).</summary>
    public unsafe string ToString(string? format, IFormatProvider? provider) => Number.FormatUInt64((ulong)_value, 8, format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public unsafe bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Number.TryFormatUInt64((ulong)_value, 8, format, destination, out charsWritten);

    /// <summary>Parses a decimal integer; FormatException or OverflowException otherwise.</summary>
    public static nuint Parse(string s) => (nuint)NumberParsing.ParseUnsigned(NumberParsing.NotNull(s), ulong.MaxValue, "a UIntPtr");

    /// <summary>Parses a decimal integer; false when it is not one.</summary>
    public static bool TryParse(string? s, out nuint result)
    {
        bool ok = ulong.TryParse(s, out ulong v);
        result = (nuint)v;
        return ok;
    }
}

/// <summary>
/// Text of enums. There is no reflection on SmosSharp, so an enum prints its underlying number ("2", not "Green"),
/// also for the "G" and "F" formats; "D" and "X" work as in .NET.
/// </summary>
public abstract partial class Enum : IFormattable, ISpanFormattable
{
    /// <summary>The value's number in decimal (.NET would print the member's name).</summary>
    public override string ToString() => ToString(null);

    /// <summary>The value in a format: "G", "F" and "D" give the number, "X" hexadecimal digits of the underlying type's width.</summary>
    public string ToString(string? format)
    {
        Span<char> buffer = stackalloc char[24];
        return string.CreateFromSpan(buffer.Slice(0, Format(format, buffer)));
    }

    /// <summary>As <see cref="ToString(string?)"/> (the provider is ignored).</summary>
    public string ToString(string? format, IFormatProvider? provider) => ToString(format);

    /// <summary>Formats into <paramref name="destination"/>; false when it is too small.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<char> buffer = stackalloc char[24];
        int n = Format(format, buffer);
        charsWritten = buffer.Slice(0, n).TryCopyTo(destination) ? n : 0;
        return charsWritten == n;
    }

    /// <summary>The number in decimal (the default format) without the format-string parser: TooSmall when it does not fit.</summary>
    internal Internal.Runtime.Text.TextStatus FormatDefault(Span<char> destination, out int written)
    {
        GetValue(out long signed, out ulong unsigned, out _, out bool isSigned);
        return isSigned
            ? Internal.Runtime.Text.NumberFormatter.FormatDecimal(signed, destination, out written)
            : Internal.Runtime.Text.NumberFormatter.FormatDecimal(unsigned, destination, out written);
    }

    private int Format(ReadOnlySpan<char> format, Span<char> buffer)
    {
        char kind = format.Length == 1 ? format[0] : format.IsEmpty ? 'G' : '?';
        if (kind is not ('G' or 'g' or 'D' or 'd' or 'F' or 'f' or 'X' or 'x'))
        {
            throw new FormatException("Format string can be only \"G\", \"g\", \"X\", \"x\", \"F\", \"f\", \"D\" or \"d\".");
        }

        ReadOnlySpan<char> spec = kind is 'X' or 'x' ? "X" : default;
        GetValue(out long signed, out ulong unsigned, out int size, out bool isSigned);
        int n;
        if (isSigned)
        {
            Number.TryFormatInt64(signed, size, spec, buffer, out n);
        }
        else
        {
            Number.TryFormatUInt64(unsigned, size, spec, buffer, out n);
        }

        // .NET pads "X" to the underlying type's width (two digits per byte).
        if (spec.Length != 0 && n < size * 2)
        {
            buffer.Slice(0, n).CopyTo(buffer.Slice(size * 2 - n));
            buffer.Slice(0, size * 2 - n).Fill('0');
            n = size * 2;
        }

        return n;
    }

    // The underlying value, from the element type ILC records in the enum's MethodTable.
    private unsafe void GetValue(out long signed, out ulong unsigned, out int size, out bool isSigned)
    {
        uint elementType = (m_pEEType->Flags & 0x7C000000) >> 26;
        ref byte data = ref GetRawData();
        signed = 0;
        unsigned = 0;
        isSigned = elementType is 0x04 or 0x06 or 0x08 or 0x0A or 0x0C;
        size = elementType switch
        {
            0x02 or 0x04 or 0x05 => 1,
            0x03 or 0x06 or 0x07 => 2,
            0x08 or 0x09 => 4,
            _ => 8,
        };
        switch (elementType)
        {
            case 0x04: signed = (sbyte)data; break;
            case 0x06: signed = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<short>(ref data); break;
            case 0x08: signed = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<int>(ref data); break;
            case 0x0A or 0x0C: signed = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<long>(ref data); break;
            case 0x02 or 0x05: unsigned = data; break;
            case 0x03 or 0x07: unsigned = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ushort>(ref data); break;
            case 0x09: unsigned = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref data); break;
            default: unsigned = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref data); break;
        }
    }
}
