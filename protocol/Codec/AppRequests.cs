// ReadApp's reply page: an app's size and up to one message's worth of its bytes (for a read-only /boot).
using System;

namespace Smos.Protocol;

/// <summary>
/// The page of a ReadApp reply (<see cref="IRootTask.ReadApp"/>, whose codec carries it as a counted run of words):
/// word 0 = the app's size in bytes, word 1 = k = min(size - offset, <see cref="MaxBytes"/>), then the k bytes from the
/// offset packed little-endian; 2 + ceil(k/8) words. An offset equal to the size is k = 0; a larger one is BadArgument;
/// a name that is no app of the archive (what ListApps lists) is NoSuchApp.
/// </summary>
public static class ReadAppRequest
{
    /// <summary>Words before the bytes.</summary>
    public const int HeaderWords = 2;

    /// <summary>The most bytes one reply carries: the words of a full message after the page's count word and header (117 * 8 = 936).</summary>
    public const int MaxBytes = (ProcessAbi.MaxMessageRegisters - 1 - HeaderWords) * 8;

    /// <summary>The longest page (119 words; the reply adds its count word).</summary>
    public const int MaxReplyWords = HeaderWords + (MaxBytes / 8);

    /// <summary>Words of a page carrying <paramref name="count"/> bytes.</summary>
    public static int ReplyLength(int count) => HeaderWords + WireBytes.Words(count);

    /// <summary>
    /// Writes a page: the app's <paramref name="size"/> and <paramref name="bytes"/> (at most <see cref="MaxBytes"/>);
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
    /// Reads a page's header: the app's size and the byte count; BadLength when the count is more than
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
    /// The bytes of a page whose header <see cref="DecodeReply"/> accepted: the first min(count,
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
