// Typed protocols' variable-length values in message words: strings (UTF-8), byte arrays and word arrays, checked on the way in.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Smos.Protocol;

/// <summary>
/// How generated codecs put strings, byte arrays and arrays of words into message words and take them out again
/// (docs/protocols.md, "Wire layout"): a length word, then the contents. Bytes are packed eight to a word, little-endian
/// (byte i of the value is bits 8*(i%8).. of word i/8), and the unused bytes of the last word are zero. A string travels
/// as its UTF-8 bytes. The Try* readers accept exactly what the Put* writers produce: a length that overruns the message,
/// nonzero padding or invalid UTF-8 is refused.
/// </summary>
public static class ProtocolWords
{
    /// <summary>Words that <paramref name="byteCount"/> bytes take: the length word and the packed bytes.</summary>
    public static int ForBytes(int byteCount) => 1 + ((byteCount + 7) >> 3);

    /// <summary>Puts one word at <paramref name="at"/>; false when <paramref name="words"/> is full.</summary>
    public static bool PutWord(Span<ulong> words, ref int at, ulong value)
    {
        if ((uint)at >= (uint)words.Length)
        {
            return false;
        }

        words[at++] = value;
        return true;
    }

    /// <summary>True when the count word at <paramref name="at"/> and the packed bytes it announces lie within <paramref name="words"/>.</summary>
    public static bool BytesFit(ReadOnlySpan<ulong> words, int at) => (uint)at < (uint)words.Length && words[at] <= (ulong)(words.Length - at - 1) * 8;

    /// <summary>True when the count word at <paramref name="at"/> and the words it announces lie within <paramref name="words"/>.</summary>
    public static bool WordsFit(ReadOnlySpan<ulong> words, int at) => (uint)at < (uint)words.Length && words[at] <= (ulong)(words.Length - at - 1);

    /// <summary>Puts <paramref name="values"/> (a count word, then one word each); false when they do not fit.</summary>
    public static bool PutWords(Span<ulong> words, ref int at, ReadOnlySpan<ulong> values)
    {
        if (at < 0 || values.Length >= words.Length - at)
        {
            return false;
        }

        words[at] = (ulong)values.Length;
        values.CopyTo(words.Slice(at + 1));
        at += 1 + values.Length;
        return true;
    }

    /// <summary>
    /// Reads a count word and that many words at <paramref name="at"/> as a slice of <paramref name="words"/> (no copy);
    /// false when the count overruns <paramref name="words"/>.
    /// </summary>
    public static bool TryGetWords(ReadOnlySpan<ulong> words, scoped ref int at, out ReadOnlySpan<ulong> values)
    {
        values = default;
        if ((uint)at >= (uint)words.Length || words[at] > (ulong)(words.Length - at - 1))
        {
            return false;
        }

        values = words.Slice(at + 1, (int)words[at]);
        at += 1 + values.Length;
        return true;
    }

    /// <summary>Puts <paramref name="bytes"/> (a length word, then packed); false when it does not fit.</summary>
    public static bool PutBytes(Span<ulong> words, ref int at, ReadOnlySpan<byte> bytes)
    {
        int need = ForBytes(bytes.Length);
        if (at < 0 || need > words.Length - at)
        {
            return false;
        }

        words[at] = (ulong)bytes.Length;
        if (need > 1)
        {
            // The packed words are the bytes themselves in memory (little-endian): one block copy after zeroing the
            // padding of the last word.
            Span<ulong> data = words.Slice(at + 1, need - 1);
            data[need - 2] = 0;
            bytes.CopyTo(BytesOf(data));
        }

        at += need;
        return true;
    }

    // The bytes of words as the little-endian byte string they pack: the wire layout is little-endian by definition and
    // every machine SmosSharp runs on is (AArch64 as seL4 configures it, and the x64 and arm64 hosts of the tests).
    private static Span<byte> BytesOf(Span<ulong> words) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<ulong, byte>(ref words[0]), words.Length * 8);

    private static ReadOnlySpan<byte> BytesOf(ReadOnlySpan<ulong> words) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ulong, byte>(ref Unsafe.AsRef(in words[0])), words.Length * 8);

    /// <summary>Puts <paramref name="text"/> as UTF-8 (a null string travels as the empty one; a lone surrogate as U+FFFD).</summary>
    public static bool PutString(Span<ulong> words, ref int at, string? text)
    {
        text ??= "";
        int count = Utf8Length(text);
        int need = ForBytes(count);
        if (at < 0 || need > words.Length - at)
        {
            return false;
        }

        words.Slice(at, need).Clear();
        words[at] = (ulong)count;
        int b = 0;
        Span<ulong> body = words.Slice(at + 1, need - 1);
        for (int i = 0; i < text.Length; i++)
        {
            // Eight ASCII characters at a word boundary: one store.
            if ((b & 7) == 0 && text.Length - i >= 8)
            {
                ulong packed = 0;
                int k = 7;
                while (k >= 0 && text[i + k] < 0x80)
                {
                    packed = (packed << 8) | text[i + k];
                    k--;
                }

                if (k < 0)
                {
                    body[b >> 3] = packed;
                    b += 8;
                    i += 7;
                    continue;
                }
            }

            uint c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                c = 0x10000 + ((c - 0xD800) << 10) + ((uint)text[++i] - 0xDC00);
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                c = 0xFFFD;
            }

            if (c < 0x80)
            {
                Put(body, ref b, c);
            }
            else if (c < 0x800)
            {
                Put(body, ref b, 0xC0 | (c >> 6));
                Put(body, ref b, 0x80 | (c & 0x3F));
            }
            else if (c < 0x10000)
            {
                Put(body, ref b, 0xE0 | (c >> 12));
                Put(body, ref b, 0x80 | ((c >> 6) & 0x3F));
                Put(body, ref b, 0x80 | (c & 0x3F));
            }
            else
            {
                Put(body, ref b, 0xF0 | (c >> 18));
                Put(body, ref b, 0x80 | ((c >> 12) & 0x3F));
                Put(body, ref b, 0x80 | ((c >> 6) & 0x3F));
                Put(body, ref b, 0x80 | (c & 0x3F));
            }
        }

        at += need;
        return true;
    }

    /// <summary>The UTF-8 length of <paramref name="text"/> as <see cref="PutString"/> writes it.</summary>
    public static int Utf8Length(string text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                n += 1;
            }
            else if (c < 0x800)
            {
                n += 2;
            }
            else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                n += 4;
                i++;
            }
            else
            {
                n += 3;
            }
        }

        return n;
    }

    /// <summary>
    /// Reads a length word and that many packed bytes at <paramref name="at"/>; false when the length overruns
    /// <paramref name="words"/> or a padding byte is not zero. <paramref name="length"/> is the byte count; the bytes
    /// are left in place (<see cref="CopyBytes"/>).
    /// </summary>
    public static bool TryGetBytesLength(ReadOnlySpan<ulong> words, int at, out int length)
    {
        length = 0;
        if ((uint)at >= (uint)words.Length)
        {
            return false;
        }

        ulong count = words[at];
        ulong room = (ulong)(words.Length - at - 1) * 8;
        if (count > room)
        {
            return false;
        }

        length = (int)count;
        int tail = length & 7;
        if (tail != 0 && (words[at + 1 + (length >> 3)] >> (tail * 8)) != 0)
        {
            length = 0;
            return false;
        }

        return true;
    }

    /// <summary>Copies the <paramref name="length"/> bytes after the length word at <paramref name="at"/> into <paramref name="destination"/>.</summary>
    public static void CopyBytes(ReadOnlySpan<ulong> words, int at, int length, Span<byte> destination)
    {
        if (length > 0)
        {
            BytesOf(words.Slice(at + 1, (length + 7) >> 3)).Slice(0, length).CopyTo(destination);
        }
    }

    /// <summary>Reads a byte array (a new array); false as <see cref="TryGetBytesLength"/>.</summary>
    public static bool TryGetByteArray(ReadOnlySpan<ulong> words, ref int at, out byte[] value)
    {
        if (!TryGetBytesLength(words, at, out int length))
        {
            value = null!;
            return false;
        }

        value = new byte[length];
        CopyBytes(words, at, length, value);
        at += ForBytes(length);
        return true;
    }

    /// <summary>
    /// Reads bytes into <paramref name="scratch"/> from <paramref name="scratchAt"/> (a server's buffer, never the IPC
    /// buffer) and returns them as a span of it; false as <see cref="TryGetBytesLength"/> or when the scratch is full.
    /// </summary>
    public static bool TryGetByteSpan(ReadOnlySpan<ulong> words, scoped ref int at, Span<byte> scratch, scoped ref int scratchAt, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryGetBytesLength(words, at, out int length) || length > scratch.Length - scratchAt)
        {
            return false;
        }

        Span<byte> into = scratch.Slice(scratchAt, length);
        CopyBytes(words, at, length, into);
        value = into;
        scratchAt += length;
        at += ForBytes(length);
        return true;
    }

    /// <summary>Reads a string: its bytes must be well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).</summary>
    public static bool TryGetString(ReadOnlySpan<ulong> words, ref int at, out string value)
    {
        value = "";
        if (!TryGetBytesLength(words, at, out int length))
        {
            return false;
        }

        if (length > 0)
        {
            Span<char> chars = length <= 512 ? stackalloc char[length] : new char[length];
            int n = DecodeUtf8(words.Slice(at + 1, (length + 7) >> 3), length, chars);
            if (n < 0)
            {
                return false;
            }

            value = new string(chars.Slice(0, n));
        }

        at += ForBytes(length);
        return true;
    }

    /// <summary>
    /// Decodes <paramref name="length"/> packed UTF-8 bytes of <paramref name="body"/> into <paramref name="chars"/> (at
    /// least <paramref name="length"/> long) in one pass, checking them (RFC 3629: no overlong forms, surrogates or values
    /// past U+10FFFF, no truncated sequence): the number of chars, or -1 for invalid UTF-8.
    /// </summary>
    public static int DecodeUtf8(ReadOnlySpan<ulong> body, int length, Span<char> chars)
    {
        int n = 0;
        int i = 0;
        while (i < length)
        {
            // Eight ASCII bytes at a word boundary: no byte has its top bit set.
            if ((i & 7) == 0 && length - i >= 8 && (body[i >> 3] & 0x8080808080808080UL) == 0)
            {
                ulong w = body[i >> 3];
                for (int k = 0; k < 8; k++)
                {
                    chars[n++] = (char)((w >> (k * 8)) & 0x7F);
                }

                i += 8;
                continue;
            }

            uint b = ByteAt(body, i);
            if (b < 0x80)
            {
                chars[n++] = (char)b;
                i++;
                continue;
            }

            int more;
            uint min;
            uint c;
            if ((b & 0xE0) == 0xC0)
            {
                more = 1;
                min = 0x80;
                c = b & 0x1F;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                more = 2;
                min = 0x800;
                c = b & 0x0F;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                more = 3;
                min = 0x10000;
                c = b & 0x07;
            }
            else
            {
                return -1;
            }

            if (i + more >= length)
            {
                return -1;
            }

            for (int k = 1; k <= more; k++)
            {
                uint next = ByteAt(body, i + k);
                if ((next & 0xC0) != 0x80)
                {
                    return -1;
                }

                c = (c << 6) | (next & 0x3F);
            }

            if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            {
                return -1;
            }

            if (c >= 0x10000)
            {
                c -= 0x10000;
                chars[n++] = (char)(0xD800 + (c >> 10));
                chars[n++] = (char)(0xDC00 + (c & 0x3FF));
            }
            else
            {
                chars[n++] = (char)c;
            }

            i += more + 1;
        }

        return n;
    }

    private static uint ByteAt(ReadOnlySpan<ulong> body, int i) => (uint)(byte)(body[i >> 3] >> ((i & 7) * 8));

    /// <summary>
    /// True when <paramref name="bytes"/> are well-formed UTF-8 (RFC 3629): the check <see cref="TryGetString"/> makes,
    /// on bytes that are not yet packed into words.
    /// </summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes)
    {
        int words = ForBytes(bytes.Length);
        Span<ulong> packed = words <= 33 ? stackalloc ulong[words] : new ulong[words];
        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        int at = 0;
        PutBytes(packed, ref at, bytes);
        return DecodeUtf8(packed.Slice(1), bytes.Length, chars) >= 0;
    }

    private static void Put(Span<ulong> body, ref int b, uint value)
    {
        body[b >> 3] |= (ulong)(value & 0xFF) << ((b & 7) * 8);
        b++;
    }
}
