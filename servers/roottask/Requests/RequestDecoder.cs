// Decoding of root-task requests from their message registers: lengths, ranges, names. Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.RootTask.Requests;

/// <summary>
/// The decode step of every request (docs/protocol.md). The server copies the message registers out of its IPC
/// buffer once (in a read scope); everything here works on that copy and returns the precise error.
/// </summary>
public static class RequestDecoder
{
    /// <summary>Checks common to every request: no request takes capabilities.</summary>
    public static RootError Common(MessageInfo info) => info.ExtraCaps != 0 ? RootError.BadArgument : RootError.Ok;

    /// <summary>Exit, Wait, Kill, Alloc, ConnClose, ConnDestroy: exactly one word.</summary>
    public static RootError OneWord(MessageInfo info, ReadOnlySpan<ulong> mrs, out ulong value)
    {
        value = 0;
        if (info.Length != 1 || mrs.Length < 1)
        {
            return RootError.BadLength;
        }

        value = mrs[0];
        return RootError.Ok;
    }

    /// <summary>ConnShare: exactly two words.</summary>
    public static RootError TwoWords(MessageInfo info, ReadOnlySpan<ulong> mrs, out ulong first, out ulong second)
    {
        first = 0;
        second = 0;
        if (info.Length != 2 || mrs.Length < 2)
        {
            return RootError.BadLength;
        }

        first = mrs[0];
        second = mrs[1];
        return RootError.Ok;
    }

    /// <summary>Print: MR0 = n (at most 800), the bytes from MR1.</summary>
    public static RootError Print(MessageInfo info, ReadOnlySpan<ulong> mrs, Span<byte> text, out int length)
    {
        length = 0;
        if (info.Length < 1 || mrs.Length < info.Length)
        {
            return RootError.BadLength;
        }

        ulong n = mrs[0];
        if (n > ProcessAbi.MaxPrintBytes || (ulong)text.Length < n)
        {
            return RootError.BadArgument;
        }

        if (info.Length != 1 + ProcessAbi.PackedWords((int)n))
        {
            return RootError.BadLength;
        }

        length = (int)n;
        Unpack(mrs, 1, text.Slice(0, length));
        return RootError.Ok;
    }

    /// <summary>Spawn: MR0 = name length (1..31), MR1 = args length (0..3000), the name from MR2, then the args.</summary>
    public static RootError Spawn(MessageInfo info, ReadOnlySpan<ulong> mrs, Span<byte> name, Span<byte> args, out int nameLength, out int argsLength)
    {
        nameLength = 0;
        argsLength = 0;
        if (info.Length < 2 || mrs.Length < info.Length)
        {
            return RootError.BadLength;
        }

        ulong nl = mrs[0];
        ulong al = mrs[1];
        if (nl == 0 || nl >= 32 || nl > (ulong)name.Length || al > ProcessAbi.MaxArgBytes || al > (ulong)args.Length)
        {
            return RootError.BadArgument;
        }

        int first = ProcessAbi.SpawnArgsFirstMr((int)nl);
        if (info.Length != first + ProcessAbi.PackedWords((int)al))
        {
            return RootError.BadLength;
        }

        nameLength = (int)nl;
        argsLength = (int)al;
        Unpack(mrs, 2, name.Slice(0, nameLength));
        Unpack(mrs, first, args.Slice(0, argsLength));
        return RootError.Ok;
    }

    /// <summary>
    /// Requests that carry a name: MR0 = name length (1..32), <paramref name="headerWords"/>-1 more header words
    /// (returned in <paramref name="extra"/> when there is one), then the name. The name must be valid.
    /// </summary>
    public static RootError Name(MessageInfo info, ReadOnlySpan<ulong> mrs, int headerWords, Span<byte> name, out int nameLength, out ulong extra)
    {
        nameLength = 0;
        extra = 0;
        if (info.Length < headerWords || mrs.Length < info.Length)
        {
            return RootError.BadLength;
        }

        ulong n = mrs[0];
        if (n == 0 || n > ConnectionAbi.MaxNameBytes || n > (ulong)name.Length)
        {
            return RootError.BadName;
        }

        if (info.Length != headerWords + ProcessAbi.PackedWords((int)n))
        {
            return RootError.BadLength;
        }

        extra = headerWords > 1 ? mrs[1] : 0;
        nameLength = (int)n;
        Unpack(mrs, headerWords, name.Slice(0, nameLength));
        return ConnectionAbi.ValidName(name.Slice(0, nameLength)) ? RootError.Ok : RootError.BadName;
    }

    /// <summary>Unpacks bytes stored little-endian, 8 per word, from word <paramref name="first"/>.</summary>
    public static void Unpack(ReadOnlySpan<ulong> mrs, int first, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(mrs[first + (i / 8)] >> (8 * (i % 8)));
        }
    }
}
