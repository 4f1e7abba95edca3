// upper-client: opens "upper", sends words of up to 8 ASCII bytes, checks each comes back uppercased, closes, exits 0.
using System;
using System.Text;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>A client of "upper" (which itself calls "echo"): two servers between the request and the reply.</summary>
public static class UpperClient
{
    private const ulong UpperLabel = 1;

    public static int Main(string[] args)
    {
        // The server may not have published yet: OpenWhenPublished tries again for a while.
        RootError e = Connections.OpenWhenPublished("upper"u8, out Connection c);

        if (e != RootError.Ok)
        {
            Console.WriteLine($"upper-client: open failed: {ProcessAbi.Describe(e)}");
            return 1;
        }

        // "hello, world from seL4 16.0.0 - SmosSharp!" in 8-byte words, then short words and non-letters.
        bool ok = Check(c, "hello, w"u8, "HELLO, W"u8)
            && Check(c, "orld fro"u8, "ORLD FRO"u8)
            && Check(c, "m seL4 1"u8, "M SEL4 1"u8)
            && Check(c, "6.0.0 - "u8, "6.0.0 - "u8)
            && Check(c, "SmosShar"u8, "SMOSSHAR"u8)
            && Check(c, "p!"u8, "P!"u8)
            && Check(c, "az{`@[AZ"u8, "AZ{`@[AZ"u8)
            && Check(c, ""u8, ""u8)
            && Check(c, "x"u8, "X"u8);

        RootError closed = Connections.Close(c);
        if (!ok || closed != RootError.Ok)
        {
            Console.WriteLine(ok ? "upper-client: close failed" : "upper-client: a word did not come back uppercased");
            return 1;
        }

        Console.WriteLine("upper-client: 9 words came back uppercased through upper and echo");
        return 0;
    }

    private static bool Check(in Connection c, ReadOnlySpan<byte> word, ReadOnlySpan<byte> expected)
    {
        ulong packed = Pack(word);
        using (var w = Ipc.Write())
        {
            w.SetMr(0, packed);
        }

        MessageInfo reply = c.Endpoint.Call(new MessageInfo(UpperLabel, 0, 0, 1));
        ulong answer;
        using (var r = Ipc.Read())
        {
            answer = r.GetMr(0);
        }

        Console.Write("upper-client: \"");
        Console.Write(Encoding.UTF8.GetString(word));
        Console.Write("\" -> \"");
        Span<byte> text = stackalloc byte[8];
        int n = Unpack(answer, text);
        Console.WriteLine($"{Encoding.UTF8.GetString(text.Slice(0, n))}\"");
        return reply.Label == 0 && reply.Length == 1 && answer == Pack(expected);
    }

    private static ulong Pack(ReadOnlySpan<byte> bytes)
    {
        ulong word = 0;
        for (int i = 0; i < bytes.Length && i < 8; i++)
        {
            word |= (ulong)bytes[i] << (8 * i);
        }

        return word;
    }

    private static int Unpack(ulong word, Span<byte> text)
    {
        int n = 0;
        while (n < 8 && ((word >> (8 * n)) & 0xFF) != 0)
        {
            text[n] = (byte)(word >> (8 * n));
            n++;
        }

        return n;
    }
}
