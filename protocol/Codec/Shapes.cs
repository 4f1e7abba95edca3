// The few message shapes the root task's requests share: fixed words, bytes after a count, a name after a header.
using System;

namespace Smos.Protocol;

/// <summary>
/// Encode and decode of each shape. A decoder gets exactly the request's message words (the message's length), checks
/// the length and every argument's range, and returns the precise <see cref="RootError"/>; the request types call these.
/// </summary>
internal static class Shapes
{
    public static RootError Words(ReadOnlySpan<ulong> message, int count) => message.Length == count ? RootError.Ok : RootError.BadLength;

    /// <summary>MR0 = n (at most <paramref name="max"/> and the buffer), the bytes from MR1; length 1 + ceil(n/8).</summary>
    public static RootError CountedBytes(ReadOnlySpan<ulong> message, int max, Span<byte> buffer, out int n)
    {
        n = 0;
        if (message.Length < 1)
        {
            return RootError.BadLength;
        }

        ulong count = message[0];
        if (count > (ulong)max || count > (ulong)buffer.Length)
        {
            return RootError.BadArgument;
        }

        if (message.Length != 1 + WireBytes.Words((int)count))
        {
            return RootError.BadLength;
        }

        n = (int)count;
        WireBytes.Unpack(message.Slice(1), buffer.Slice(0, n));
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, then <paramref name="header"/>-1 words (the second is <paramref name="extra"/>), then the name.</summary>
    public static int EncodeName(ReadOnlySpan<byte> name, int header, ulong extra, Span<ulong> mrs)
    {
        mrs[0] = (ulong)name.Length;
        if (header > 1)
        {
            mrs[1] = extra;
        }

        return header + WireBytes.Pack(name, mrs.Slice(header));
    }

    /// <summary>The name request shape: the name must be 1-32 valid bytes (<see cref="ConnectionAbi.ValidName"/>).</summary>
    public static RootError DecodeName(ReadOnlySpan<ulong> message, int header, Span<byte> buffer, out int n, out ulong extra)
    {
        n = 0;
        extra = 0;
        if (message.Length < header)
        {
            return RootError.BadLength;
        }

        ulong count = message[0];
        if (count == 0 || count > ConnectionAbi.MaxNameBytes || count > (ulong)buffer.Length)
        {
            return RootError.BadName;
        }

        if (message.Length != header + WireBytes.Words((int)count))
        {
            return RootError.BadLength;
        }

        extra = header > 1 ? message[1] : 0;
        n = (int)count;
        WireBytes.Unpack(message.Slice(header), buffer.Slice(0, n));
        return ConnectionAbi.ValidName(buffer.Slice(0, n)) ? RootError.Ok : RootError.BadName;
    }
}
