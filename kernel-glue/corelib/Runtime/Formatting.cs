// Formatting of any value for interpolation, string.Format and StringBuilder: the primitive types directly, others by ToString.
using System;
using System.Runtime.CompilerServices;
using Internal.Runtime.Text;

namespace Internal.Runtime;

/// <summary>How <see cref="Formatting.TryFormat{T}"/> did.</summary>
internal enum FormatOutcome
{
    Done,
    TooSmall,
    NotPrimitive,
}

/// <summary>
/// Formats values without interface calls: the integer types, bool, char and enums are recognised by type tests
/// (which the compiler folds away for a known value type), everything else uses its ToString. A format string applies
/// to integers and enums; for other types it is ignored (as .NET does for types that are not IFormattable).
/// Without a format string (<c>$"{n}"</c>, <c>Append(n)</c>, <c>Concat(object)</c>) the default-format methods are used:
/// they never reach the format-string parser or the other standard formats, so a program that never passes a format
/// does not carry them.
/// </summary>
internal static class Formatting
{
    /// <summary>
    /// Whether <see cref="TryFormatDefault{T}"/> formats <paramref name="value"/> itself (integers, bool, char, enums).
    /// For a value type the compiler folds this to a constant, so the ToString fallback beside it is not compiled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPrimitive<T>(T value) =>
        value is int || value is long || value is uint || value is ulong || value is byte || value is sbyte ||
        value is short || value is ushort || value is nint || value is nuint || value is char || value is bool ||
        value is Enum;

    /// <summary>
    /// Formats a primitive value (<see cref="IsPrimitive{T}"/>) in its default format, integers in decimal as "G";
    /// TooSmall sets <paramref name="written"/> to the length needed, NotPrimitive for any other value.
    /// </summary>
    public static FormatOutcome TryFormatDefault<T>(T value, Span<char> destination, out int written)
    {
        TextStatus s;
        if (value is int)
        {
            s = NumberFormatter.FormatDecimal((int)(object)value!, destination, out written);
        }
        else if (value is long)
        {
            s = NumberFormatter.FormatDecimal((long)(object)value!, destination, out written);
        }
        else if (value is uint)
        {
            s = NumberFormatter.FormatDecimal((uint)(object)value!, destination, out written);
        }
        else if (value is ulong)
        {
            s = NumberFormatter.FormatDecimal((ulong)(object)value!, destination, out written);
        }
        else if (value is byte)
        {
            s = NumberFormatter.FormatDecimal((byte)(object)value!, destination, out written);
        }
        else if (value is sbyte)
        {
            s = NumberFormatter.FormatDecimal((sbyte)(object)value!, destination, out written);
        }
        else if (value is short)
        {
            s = NumberFormatter.FormatDecimal((short)(object)value!, destination, out written);
        }
        else if (value is ushort)
        {
            s = NumberFormatter.FormatDecimal((ushort)(object)value!, destination, out written);
        }
        else if (value is nint)
        {
            s = NumberFormatter.FormatDecimal((long)(nint)(object)value!, destination, out written);
        }
        else if (value is nuint)
        {
            s = NumberFormatter.FormatDecimal((ulong)(nuint)(object)value!, destination, out written);
        }
        else if (value is char)
        {
            char c = (char)(object)value!;
            s = Copy(new ReadOnlySpan<char>(ref c, 1), destination, out written);
        }
        else if (value is bool)
        {
            s = Copy((bool)(object)value! ? "True" : "False", destination, out written);
        }
        else if (value is Enum)
        {
            // Boxes the enum (it reads its underlying type from the box's MethodTable).
            s = ((Enum)(object)value!).FormatDefault(destination, out written);
        }
        else
        {
            written = 0;
            return FormatOutcome.NotPrimitive;
        }

        return s == TextStatus.Done ? FormatOutcome.Done : FormatOutcome.TooSmall;
    }

    /// <summary>Formats a primitive value into <paramref name="destination"/>; TooSmall sets <paramref name="written"/> to the length needed.</summary>
    public static FormatOutcome TryFormat<T>(T value, ReadOnlySpan<char> format, Span<char> destination, out int written)
    {
        written = 0;
        TextStatus s;
        if (value is int)
        {
            s = NumberFormatter.Format((int)(object)value!, 4, format, destination, out written);
        }
        else if (value is long)
        {
            s = NumberFormatter.Format((long)(object)value!, 8, format, destination, out written);
        }
        else if (value is uint)
        {
            s = NumberFormatter.Format((uint)(object)value!, 4, format, destination, out written);
        }
        else if (value is ulong)
        {
            s = NumberFormatter.Format((ulong)(object)value!, 8, format, destination, out written);
        }
        else if (value is byte)
        {
            s = NumberFormatter.Format((byte)(object)value!, 1, format, destination, out written);
        }
        else if (value is sbyte)
        {
            s = NumberFormatter.Format((sbyte)(object)value!, 1, format, destination, out written);
        }
        else if (value is short)
        {
            s = NumberFormatter.Format((short)(object)value!, 2, format, destination, out written);
        }
        else if (value is ushort)
        {
            s = NumberFormatter.Format((ushort)(object)value!, 2, format, destination, out written);
        }
        else if (value is nint)
        {
            s = NumberFormatter.Format((long)(nint)(object)value!, 8, format, destination, out written);
        }
        else if (value is nuint)
        {
            s = NumberFormatter.Format((ulong)(nuint)(object)value!, 8, format, destination, out written);
        }
        else if (value is char)
        {
            char c = (char)(object)value!;
            s = Copy(new ReadOnlySpan<char>(ref c, 1), destination, out written);
        }
        else if (value is bool)
        {
            s = Copy((bool)(object)value! ? "True" : "False", destination, out written);
        }
        else if (value is Enum)
        {
            // Boxes the enum (it reads its underlying type from the box's MethodTable).
            if (((Enum)(object)value!).TryFormat(destination, out written, format, null))
            {
                return FormatOutcome.Done;
            }

            written = 24;
            return FormatOutcome.TooSmall;
        }
        else
        {
            return FormatOutcome.NotPrimitive;
        }

        System.Number.ThrowIfBad(s);
        return s == TextStatus.Done ? FormatOutcome.Done : FormatOutcome.TooSmall;
    }

    /// <summary>The value as a string: itself for a string, "" for null, the primitive's default text, otherwise ToString().</summary>
    public static string ToText<T>(T value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value is string s)
        {
            return s;
        }

        if (!IsPrimitive(value))
        {
            return value.ToString() ?? string.Empty;
        }

        Span<char> buffer = stackalloc char[64];
        if (TryFormatDefault(value, buffer, out int n) == FormatOutcome.Done)
        {
            return string.CreateFromSpan(buffer.Slice(0, n));
        }

        string result = string.FastAllocateString(n);
        TryFormatDefault(value, result.WritableChars(), out _);
        return result;
    }

    private static TextStatus Copy(ReadOnlySpan<char> text, Span<char> destination, out int written)
    {
        written = text.Length;
        return text.TryCopyTo(destination) ? TextStatus.Done : TextStatus.TooSmall;
    }
}
