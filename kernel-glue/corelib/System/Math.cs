// System.Math for the integer types: Min, Max, Abs (OverflowException for MinValue), Clamp, Sign; ILC's checked-conversion helpers.
using Internal.Runtime;

namespace System;

/// <summary>Integer math as .NET has it. Floating-point functions are not provided.</summary>
public static partial class Math
{
    public static int Min(int val1, int val2) => val1 <= val2 ? val1 : val2;

    public static long Min(long val1, long val2) => val1 <= val2 ? val1 : val2;

    public static uint Min(uint val1, uint val2) => val1 <= val2 ? val1 : val2;

    public static ulong Min(ulong val1, ulong val2) => val1 <= val2 ? val1 : val2;

    public static short Min(short val1, short val2) => val1 <= val2 ? val1 : val2;

    public static ushort Min(ushort val1, ushort val2) => val1 <= val2 ? val1 : val2;

    public static byte Min(byte val1, byte val2) => val1 <= val2 ? val1 : val2;

    public static sbyte Min(sbyte val1, sbyte val2) => val1 <= val2 ? val1 : val2;

    public static nint Min(nint val1, nint val2) => val1 <= val2 ? val1 : val2;

    public static nuint Min(nuint val1, nuint val2) => val1 <= val2 ? val1 : val2;

    public static int Max(int val1, int val2) => val1 >= val2 ? val1 : val2;

    public static long Max(long val1, long val2) => val1 >= val2 ? val1 : val2;

    public static uint Max(uint val1, uint val2) => val1 >= val2 ? val1 : val2;

    public static ulong Max(ulong val1, ulong val2) => val1 >= val2 ? val1 : val2;

    public static short Max(short val1, short val2) => val1 >= val2 ? val1 : val2;

    public static ushort Max(ushort val1, ushort val2) => val1 >= val2 ? val1 : val2;

    public static byte Max(byte val1, byte val2) => val1 >= val2 ? val1 : val2;

    public static sbyte Max(sbyte val1, sbyte val2) => val1 >= val2 ? val1 : val2;

    public static nint Max(nint val1, nint val2) => val1 >= val2 ? val1 : val2;

    public static nuint Max(nuint val1, nuint val2) => val1 >= val2 ? val1 : val2;

    /// <summary>The absolute value; OverflowException for int.MinValue.</summary>
    public static int Abs(int value) => value >= 0 ? value : value != int.MinValue ? -value : throw Negation();

    /// <summary>The absolute value; OverflowException for long.MinValue.</summary>
    public static long Abs(long value) => value >= 0 ? value : value != long.MinValue ? -value : throw Negation();

    /// <summary>The absolute value; OverflowException for short.MinValue.</summary>
    public static short Abs(short value) => value >= 0 ? value : value != short.MinValue ? (short)-value : throw Negation();

    /// <summary>The absolute value; OverflowException for sbyte.MinValue.</summary>
    public static sbyte Abs(sbyte value) => value >= 0 ? value : value != sbyte.MinValue ? (sbyte)-value : throw Negation();

    /// <summary>The absolute value; OverflowException for nint.MinValue.</summary>
    public static nint Abs(nint value) => value >= 0 ? value : value != unchecked((nint)long.MinValue) ? -value : throw Negation();

    public static int Clamp(int value, int min, int max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static long Clamp(long value, long min, long max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static uint Clamp(uint value, uint min, uint max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static ulong Clamp(ulong value, ulong min, ulong max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static short Clamp(short value, short min, short max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static ushort Clamp(ushort value, ushort min, ushort max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static byte Clamp(byte value, byte min, byte max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static sbyte Clamp(sbyte value, sbyte min, sbyte max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static nint Clamp(nint value, nint min, nint max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static nuint Clamp(nuint value, nuint min, nuint max) => min > max ? throw ClampOrder() : value < min ? min : value > max ? max : value;

    public static int Sign(int value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    public static int Sign(long value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    public static int Sign(short value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    public static int Sign(sbyte value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    public static int Sign(nint value) => value > 0 ? 1 : value < 0 ? -1 : 0;

    /// <summary>The quotient, and the remainder in <paramref name="result"/>.</summary>
    public static int DivRem(int a, int b, out int result)
    {
        int q = a / b;
        result = a - (q * b);
        return q;
    }

    /// <summary>The quotient, and the remainder in <paramref name="result"/>.</summary>
    public static long DivRem(long a, long b, out long result)
    {
        long q = a / b;
        result = a - (q * b);
        return q;
    }

    // The helpers ILC calls for overflow-checked conversions from floating point (checked((int)d)). It looks all four up
    // by name whenever it compiles any conv.ovf (also new byte[longLength] and array[longIndex]) and stops with "Expected
    // method 'ConvertToInt32Checked' not found on type 'System.Math'" without them. An overflow is the runtime's check.
    internal static int ConvertToInt32Checked(double value) => CheckedConversions.FitsInt32(value) ? (int)value : OverflowOf<int>();

    internal static uint ConvertToUInt32Checked(double value) => CheckedConversions.FitsUInt32(value) ? (uint)value : OverflowOf<uint>();

    internal static long ConvertToInt64Checked(double value) => CheckedConversions.FitsInt64(value) ? (long)value : OverflowOf<long>();

    internal static ulong ConvertToUInt64Checked(double value) => CheckedConversions.FitsUInt64(value) ? (ulong)value : OverflowOf<ulong>();

    private static T OverflowOf<T>()
        where T : struct
    {
        RuntimeChecks.Overflow();
        return default;
    }

    private static OverflowException Negation() => new OverflowException("Negating the minimum value of a twos complement number is invalid.");

    private static ArgumentException ClampOrder() => new ArgumentException("'min' cannot be greater than max.");
}
