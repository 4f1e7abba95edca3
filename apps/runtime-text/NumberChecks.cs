// runtime-text: ToString of every integer type, bool, char, nint/nuint and enums, standard formats, Parse/TryParse, concatenation, interpolation, string.Format.
using System;

namespace Smos.Apps;

/// <summary>An enum prints its number on SmosSharp (no reflection).</summary>
internal enum Color
{
    Red,
    Green,
    Blue,
}

internal enum Small : sbyte
{
    Negative = -3,
}

internal enum Wide : ulong
{
    Top = ulong.MaxValue,
}

public static partial class RuntimeText
{
    private static void ConcatAndInterpolation()
    {
        string a = "seL4";
        string? none = null;
        int n = 42;
        Check("a + b", a + "/" + "aarch64", "seL4/aarch64");
        Check("concat values", "n=" + n + ' ' + true + ' ' + -7L, "n=42 True -7");
        Check("concat null", a + none + "!", "seL4!");
        Check("Concat(4)", string.Concat("a", "b", "c", "d"), "abcd");
        Check("Concat(5)", string.Concat("a", "b", "c", "d", "e"), "abcde");
        Check("Concat(objects)", string.Concat(1, 'x', 2u), "1x2");
        Check("Concat(spans)", string.Concat("ab".AsSpan(), "cd".AsSpan()), "abcd");
        Check("$ plain", $"{n}", "42");
        Check("$ mixed", $"{a} has {n} {Color.Blue} {'c'} {true} {(byte)7} {(short)-8}", "seL4 has 42 2 c True 7 -8");
        Check("$ right", $"[{-7,5}]", "[   -7]");
        Check("$ left", $"[{-7,-5}]", "[-7   ]");
        Check("$ string aligned", $"[{a,6}][{a,-6}]", "[  seL4][seL4  ]");
        Check("$ x", $"{255:x}", "ff");
        Check("$ X4", $"{255:X4}", "00FF");
        Check("$ X8 negative", $"{-1:X8}", "FFFFFFFF");
        Check("$ D5", $"{42:D5}", "00042");
        Check("$ N0", $"{1234567:N0}", "1,234,567");
        Check("$ aligned format", $"[{255,6:X}]", "[    FF]");
        Check("$ extremes", $"{long.MinValue} {ulong.MaxValue}", "-9223372036854775808 18446744073709551615");
        Check("$ null", $"<{none}>", "<>");
        Check("$ object", $"{(object)12}|{(object)"s"}", "12|s");
        Check("$ nint", $"{(nint)(-5)} {(nuint)5}", "-5 5");
        Check("$ enums", $"{Small.Negative} {Wide.Top} {(object)Color.Green,3}", "-3 18446744073709551615   1");
        Check("Format(1)", string.Format("<{0}>", 5), "<5>");
        Check("Format(3)", string.Format("{0}-{1}-{2}", 1, "b", 'c'), "1-b-c");
        Check("Format(align/format)", string.Format("{0,5:X}|{0,-4}|{1:D3}", 255, 7), "   FF|255 |007");
        Check("Format(braces)", string.Format("{{x}} {0}", 1), "{x} 1");
        Check("Format(params)", string.Format("{3}{2}{1}{0}", 1, 2, 3, 4), "4321");
        Check("Format(null arg)", string.Format("[{0}]", (object?)null), "[]");
    }

    private static void NumberFormatting()
    {
        Check("int.MinValue", int.MinValue.ToString(), "-2147483648");
        Check("int.MaxValue", int.MaxValue.ToString(), "2147483647");
        Check("uint.MaxValue", uint.MaxValue.ToString(), "4294967295");
        Check("long.MinValue", long.MinValue.ToString(), "-9223372036854775808");
        Check("ulong.MaxValue", ulong.MaxValue.ToString(), "18446744073709551615");
        Check("short", short.MinValue.ToString() + " " + short.MaxValue.ToString(), "-32768 32767");
        Check("ushort", ushort.MaxValue.ToString(), "65535");
        Check("sbyte", sbyte.MinValue.ToString() + " " + sbyte.MaxValue.ToString(), "-128 127");
        Check("byte", byte.MaxValue.ToString() + " " + ((byte)0).ToString(), "255 0");
        Check("zero", 0.ToString(), "0");
        Check("nint", ((nint)(-123)).ToString(), "-123");
        Check("nuint", ((nuint)123).ToString(), "123");
        Check("bool", true.ToString() + false.ToString(), "TrueFalse");
        Check("TrueString", bool.TrueString + bool.FalseString, "TrueFalse");
        Check("char", 'q'.ToString(), "q");
        Check("enum", Color.Green.ToString(), "1");
        Check("enum negative", Small.Negative.ToString(), "-3");
        Check("enum ulong", Wide.Top.ToString(), "18446744073709551615");
        Check("enum X", Color.Blue.ToString("X"), "00000002");
        Check("x", 0xBEEF.ToString("x"), "beef");
        Check("X", 48879.ToString("X"), "BEEF");
        Check("X8", 255.ToString("X8"), "000000FF");
        Check("X sbyte -1", ((sbyte)-1).ToString("X"), "FF");
        Check("X short -2", ((short)-2).ToString("X"), "FFFE");
        Check("X long -1", (-1L).ToString("X"), "FFFFFFFFFFFFFFFF");
        Check("D5", 42.ToString("D5"), "00042");
        Check("D5 negative", (-42).ToString("D5"), "-00042");
        Check("N0", 1234567.ToString("N0"), "1,234,567");
        Check("N", (-1234).ToString("N"), "-1,234.00");
        Check("F2", 7.ToString("F2"), "7.00");
        Check("E", 12345.ToString("E"), "1.234500E+004");
        Check("G3", 12345.ToString("G3"), "1.23E+04");
        Check("B", 5.ToString("B8"), "00000101");
        Check("P", 1.ToString("P0"), "100 %");
        Span<char> buffer = stackalloc char[8];
        Check("TryFormat", 1234.TryFormat(buffer, out int written, "X") && new string(buffer.Slice(0, written)) == "4D2");
        Check("TryFormat too small", !int.MinValue.TryFormat(buffer, out written) && written == 0);
    }

    private static void NumberParsing()
    {
        Check("Parse", int.Parse("  -42 "), -42);
        Check("Parse +", int.Parse("+7"), 7);
        Check("Parse max", long.Parse("9223372036854775807"), long.MaxValue);
        Check("Parse min", long.Parse("-9223372036854775808"), long.MinValue);
        Check("Parse ulong max", ulong.Parse("18446744073709551615") == ulong.MaxValue);
        Check("Parse byte", byte.Parse("255"), 255);
        Check("Parse sbyte", sbyte.Parse("-128"), -128);
        Check("Parse -0 uint", uint.Parse("-0"), 0);
        Check("Parse span", int.Parse("x123".AsSpan(1)), 123);
        Check("TryParse ok", int.TryParse("2147483647", out int v) && v == int.MaxValue);
        Check("TryParse overflow", !int.TryParse("2147483648", out v) && v == 0);
        Check("TryParse byte overflow", !byte.TryParse("256", out _));
        Check("TryParse negative uint", !uint.TryParse("-1", out _));
        Check("TryParse letters", !int.TryParse("12a", out _));
        Check("TryParse empty", !int.TryParse("", out _) && !int.TryParse("   ", out _) && !int.TryParse(null, out _));
        Check("TryParse inner space", !int.TryParse("1 2", out _));
        Check("TryParse sign only", !int.TryParse("-", out _));
        Check("bool.Parse", bool.Parse(" true ") && !bool.Parse("FALSE"));
        Check("bool.TryParse", bool.TryParse("True", out bool b) && b && !bool.TryParse("yes", out _));
        Check("char.Parse", char.Parse("x") == 'x');
    }
}
