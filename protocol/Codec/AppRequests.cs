// ReadApp: the bytes of an app in the boot archive, at most one message's worth per request (for a read-only /boot).
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same members as on the other request types.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>
/// ReadApp (<see cref="RootRequest.ReadApp"/>): MR0 = name length n (1..<see cref="ProcessAbi.MaxAppNameBytes"/>),
/// MR1 = byte offset, the name from MR2 (UTF-8, packed little-endian as Spawn's); length 2 + ceil(n/8). Reply: MR0 =
/// the app's size in bytes, MR1 = k = min(size - offset, <see cref="MaxBytes"/>), then the k bytes from the offset
/// packed little-endian from MR2; length 2 + ceil(k/8). An offset equal to the size is k = 0; a larger one is
/// BadArgument; a name that is no app of the archive (what ListApps lists) is NoSuchApp.
/// </summary>
public static class ReadAppRequest
{
    public const RootRequest Label = RootRequest.ReadApp;

    /// <summary>Words before the name (request) and before the bytes (reply).</summary>
    public const int HeaderWords = 2;

    /// <summary>The most bytes one reply carries: the whole words after the header of a full message (118 * 8 = 944).</summary>
    public const int MaxBytes = (ProcessAbi.MaxMessageRegisters - HeaderWords) * 8;

    /// <summary>The longest reply (a full message: 120 words).</summary>
    public const int MaxReplyWords = HeaderWords + (MaxBytes / 8);

    /// <summary>Words of a request whose name is <paramref name="nameLength"/> bytes.</summary>
    public static int Length(int nameLength) => HeaderWords + WireBytes.Words(nameLength);

    /// <summary>Words of a reply carrying <paramref name="count"/> bytes.</summary>
    public static int ReplyLength(int count) => HeaderWords + WireBytes.Words(count);

    /// <summary>
    /// The request; -1 when the name is empty or longer than <see cref="ProcessAbi.MaxAppNameBytes"/> (the root task
    /// would refuse it) or <paramref name="mrs"/> cannot hold it.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> name, ulong offset, Span<ulong> mrs)
    {
        int length = Length(name.Length);
        if (name.Length == 0 || name.Length > ProcessAbi.MaxAppNameBytes || length > mrs.Length)
        {
            return -1;
        }

        mrs[0] = (ulong)name.Length;
        mrs[1] = offset;
        WireBytes.Pack(name, mrs.Slice(HeaderWords));
        return length;
    }

    /// <summary>
    /// Validates a request and copies its name into <paramref name="name"/>: BadLength when there is no header or the
    /// length does not match the name's, BadArgument for a name length of 0 or more than
    /// <see cref="ProcessAbi.MaxAppNameBytes"/> (or <paramref name="name"/>'s length). Whether the name is an app and the
    /// offset within it is the root task's check.
    /// </summary>
    public static RootError Decode(ReadOnlySpan<ulong> message, Span<byte> name, out ReadAppArgs args)
    {
        args = default;
        if (message.Length < HeaderWords)
        {
            return RootError.BadLength;
        }

        ulong n = message[0];
        if (n == 0 || n > ProcessAbi.MaxAppNameBytes || n > (ulong)name.Length)
        {
            return RootError.BadArgument;
        }

        if (message.Length != Length((int)n))
        {
            return RootError.BadLength;
        }

        WireBytes.Unpack(message.Slice(HeaderWords), name.Slice(0, (int)n));
        args = new ReadAppArgs((int)n, message[1]);
        return RootError.Ok;
    }

    /// <summary>
    /// Writes a reply: the app's <paramref name="size"/> and <paramref name="bytes"/> (at most <see cref="MaxBytes"/>);
    /// returns its length, or -1 when the bytes are too many or <paramref name="reply"/> cannot hold them.
    /// </summary>
    public static int EncodeReply(ulong size, ReadOnlySpan<byte> bytes, Span<ulong> reply)
    {
        int length = ReplyLength(bytes.Length);
        if (bytes.Length > MaxBytes || length > reply.Length)
        {
            return -1;
        }

        reply[0] = size;
        reply[1] = (ulong)bytes.Length;
        WireBytes.Pack(bytes, reply.Slice(HeaderWords));
        return length;
    }

    /// <summary>
    /// Reads a reply's header: the app's size and the byte count; BadLength when the count is more than
    /// <see cref="MaxBytes"/> or the size, or the reply's length does not match it.
    /// </summary>
    public static RootError DecodeReply(ReadOnlySpan<ulong> reply, out ulong size, out int count)
    {
        size = 0;
        count = 0;
        if (reply.Length < HeaderWords || reply[1] > MaxBytes || reply[1] > reply[0] || reply.Length != ReplyLength((int)reply[1]))
        {
            return RootError.BadLength;
        }

        size = reply[0];
        count = (int)reply[1];
        return RootError.Ok;
    }

    /// <summary>
    /// The bytes of a reply whose header <see cref="DecodeReply"/> accepted: the first min(count,
    /// <paramref name="into"/>.Length) of them into <paramref name="into"/>; returns how many.
    /// </summary>
    public static int DecodeBytes(ReadOnlySpan<ulong> reply, int count, Span<byte> into)
    {
        int n = count < into.Length ? count : into.Length;
        n = n < 0 ? 0 : n;
        WireBytes.Unpack(reply.Slice(HeaderWords), into.Slice(0, n));
        return n;
    }
}

/// <summary>A decoded ReadApp request: the name's length (its bytes are in the decoder's buffer) and the offset, as sent.</summary>
public readonly struct ReadAppArgs(int nameLength, ulong offset)
{
    public int NameLength { get; } = nameLength;

    public ulong Offset { get; } = offset;
}
