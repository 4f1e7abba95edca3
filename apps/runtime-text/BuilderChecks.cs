// runtime-text: StringBuilder, UTF-8 (Encoding.UTF8), span helpers, Math, and Console (whose line the boot test matches).
using System;
using System.Text;
using Internal.Runtime;

namespace Smos.Apps;

public static partial class RuntimeText
{
    private static void BuilderChecks()
    {
        var sb = new StringBuilder();
        sb.Append("pid ").Append(7).Append(' ').Append(true).Append(' ').Append(-5L).Append((object)Color.Blue);
        Check("StringBuilder.Append", sb.ToString(), "pid 7 True -52");
        Check("StringBuilder.Length", sb.Length, 14);
        sb.Clear();
        sb.AppendLine("a").Append('b', 3).Insert(0, "<").Insert(sb.Length, ">");
        Check("AppendLine/Insert", sb.ToString(), "<a\nbbb>");
        sb.Remove(1, 2);
        Check("Remove", sb.ToString(), "<bbb>");
        sb[1] = 'B';
        Check("indexer", sb.ToString() + sb[4], "<Bbb>>");
        sb.Length = 2;
        Check("Length=", sb.ToString(), "<B");
        sb.Clear().AppendFormat("{0:X2}-{1,3}", 10, 5);
        Check("AppendFormat", sb.ToString(), "0A-  5");
        int n = 3;
        sb.Clear().Append($"n={n,-3}|{n:D2}|{"s"}");
        Check("Append($)", sb.ToString(), "n=3  |03|s");
        sb.Clear();
        for (int i = 0; i < 100; i++)
        {
            sb.Append(i % 10);
        }

        Check("grow", sb.Length == 100 && sb.ToString(95, 5) == "56789");
        Check("Replace", new StringBuilder("a-b-c").Replace('-', '+').Replace("+", "::").ToString(), "a::b::c");
    }

    private static void EncodingChecks()
    {
        string text = "h\u00e9llo \u20ac\U0001D11E";
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Check("GetByteCount", Encoding.UTF8.GetByteCount(text), 14);
        Check("GetBytes", bytes.Length == 14 && bytes[1] == 0xC3 && bytes[2] == 0xA9 && bytes[7] == 0xE2 && bytes[10] == 0xF0 && bytes[13] == 0x9E);
        Check("GetString", Encoding.UTF8.GetString(bytes), text);
        Check("GetCharCount", Encoding.UTF8.GetCharCount(bytes), text.Length);
        Span<byte> small = stackalloc byte[8];
        Check("GetBytes(span)", Encoding.UTF8.GetBytes("abc\u00ff".AsSpan(), small), 5);
        Check("invalid bytes", Encoding.UTF8.GetString(Bytes(0x61, 0xFF, 0xC3, 0x62, 0xE2, 0x82)), "a\uFFFD\uFFFDb\uFFFD");
        Check("lone surrogate", Encoding.UTF8.GetBytes("\uD800x").Length, 4);
        Check("GetString(span)", Encoding.UTF8.GetString("ok"u8), "ok");
    }

    // Array initializers need ldtoken support the runtime lacks: fill the array element by element.
    private static byte[] Bytes(params ReadOnlySpan<byte> values)
    {
        var array = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            array[i] = values[i];
        }

        return array;
    }

    private static void SpanAndMathChecks()
    {
        ReadOnlySpan<byte> data = "hello world"u8;
        Check("SequenceEqual bytes", data.Slice(0, 5).SequenceEqual("hello"u8) && !data.SequenceEqual("hello"u8));
        Check("IndexOf byte", data.IndexOf((byte)'o'), 4);
        Check("IndexOf bytes", data.IndexOf("wor"u8), 6);
        Check("StartsWith/EndsWith bytes", data.StartsWith("hell"u8) && data.EndsWith("rld"u8));
        Check("Contains byte", data.Contains((byte)'w') && !data.Contains((byte)'z'));
        ReadOnlySpan<char> chars = "  spaced  ";
        Check("Trim span", new string(chars.Trim()), "spaced");
        Check("Trim(char) span", new string("xxhixx".AsSpan().Trim('x')), "hi");
        Span<int> ints = stackalloc int[5];
        Span<int> same = stackalloc int[5];
        for (int i = 0; i < 5; i++)
        {
            ints[i] = i;
            same[i] = i;
        }

        Check("SequenceEqual ints", ints.SequenceEqual(same) && ints.IndexOf(3) == 3);
        ints.Fill(7);
        ints.Slice(0, 2).Clear();
        ints[4] = 9;
        ints.Reverse();
        Check("Fill/Clear/Reverse", $"{ints[0]}{ints[1]}{ints[2]}{ints[3]}{ints[4]}", "97700");
        Span<int> copy = stackalloc int[5];
        ints.CopyTo(copy);
        Check("CopyTo", copy[0] == 9 && !ints.TryCopyTo(copy.Slice(1)));
        Check("Math.Min/Max", Math.Min(-3, 2) == -3 && Math.Max(3UL, 5UL) == 5UL && Math.Min((byte)4, (byte)9) == 4);
        Check("Math.Abs", Math.Abs(-5) == 5 && Math.Abs(long.MinValue + 1) == long.MaxValue);
        Check("Math.Clamp", Math.Clamp(15, 0, 10) == 10 && Math.Clamp(-1L, 0L, 10L) == 0 && Math.Clamp(5u, 1u, 9u) == 5u);
        Check("Math.Sign", Math.Sign(-9) == -1 && Math.Sign(0L) == 0 && Math.Sign((sbyte)4) == 1);
    }

    // The boot test (BootTests.DemoEvidence) matches the console line this prints.
    private static void ConsoleChecks()
    {
        ulong before = Heap.Used;
        Console.Write("runtime-text: console ");
        Console.Write(-42);
        Console.Write(' ');
        Console.Write(ulong.MaxValue);
        Console.Write(' ');
        Console.Write(true);
        Console.Write(" ");
        Console.WriteLine(7);
        ulong after = Heap.Used;
        Check("Console numbers do not allocate", (long)(after - before), 0);
        Console.WriteLine("runtime-text: format {0} {1,4} {2:X}", "a", 5, 255);
        Console.WriteLine((object)Color.Green);
        Console.WriteLine($"runtime-text: interpolated {Color.Blue} {'c'} {-1L:X}");
        Console.Write("runtime-text: partial line, flushed");
        Console.Out.Flush();
        Console.WriteLine(" and ended");
    }
}
