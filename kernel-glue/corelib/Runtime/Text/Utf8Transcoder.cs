// UTF-16 to UTF-8 and back, replacing invalid input with U+FFFD as .NET's Encoding.UTF8 does; pure code, also built for host tests.
using System;

namespace Internal.Runtime.Text;

/// <summary>
/// UTF-8 transcoding with .NET's replacement behaviour: a lone surrogate becomes U+FFFD (EF BF BD) when encoding;
/// when decoding, each maximal invalid subpart of a sequence (Unicode's "best practice", which .NET follows) becomes
/// one U+FFFD. Nothing allocates: callers size the destination with the Get...Count methods.
/// </summary>
public static class Utf8Transcoder
{
    /// <summary>The replacement character.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>The number of UTF-8 bytes <paramref name="chars"/> encode to.</summary>
    public static int GetByteCount(ReadOnlySpan<char> chars)
    {
        long count = 0;
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c < 0x80)
            {
                count++;
            }
            else if (c < 0x800)
            {
                count += 2;
            }
            else if (IsHighSurrogate(c) && i + 1 < chars.Length && IsLowSurrogate(chars[i + 1]))
            {
                count += 4;
                i++;
            }
            else
            {
                count += 3; // a BMP character, or a lone surrogate's replacement
            }
        }

        return count > int.MaxValue ? -1 : (int)count;
    }

    /// <summary>
    /// Encodes as much of <paramref name="chars"/> as fits in whole characters; returns the bytes written and sets
    /// <paramref name="charsRead"/> (less than the input's length when the destination is full).
    /// </summary>
    public static int Encode(ReadOnlySpan<char> chars, Span<byte> bytes, out int charsRead)
    {
        int at = 0;
        int i = 0;
        for (; i < chars.Length; i++)
        {
            uint c = chars[i];
            int take = 1;
            if (IsHighSurrogate((char)c) && i + 1 < chars.Length && IsLowSurrogate(chars[i + 1]))
            {
                c = 0x10000 + ((c - 0xD800) << 10) + (uint)(chars[i + 1] - 0xDC00);
                take = 2;
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                c = Replacement;
            }

            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (at + n > bytes.Length)
            {
                break;
            }

            if (n == 1)
            {
                bytes[at] = (byte)c;
            }
            else
            {
                // The lead byte: n one-bits, a zero, then the top bits; then 10xxxxxx for every 6 bits below.
                int shift = 6 * (n - 1);
                bytes[at] = (byte)((0xFF00 >> n) | (int)(c >> shift));
                for (int k = 1; k < n; k++)
                {
                    shift -= 6;
                    bytes[at + k] = (byte)(0x80 | ((c >> shift) & 0x3F));
                }
            }

            at += n;
            i += take - 1;
        }

        charsRead = i;
        return at;
    }

    /// <summary>The number of UTF-16 chars <paramref name="bytes"/> decode to (with replacements).</summary>
    public static int GetCharCount(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        for (int i = 0; i < bytes.Length;)
        {
            i += Next(bytes, i, out uint scalar);
            count += scalar >= 0x10000 ? 2 : 1;
        }

        return count;
    }

    /// <summary>Decodes all of <paramref name="bytes"/>; returns the chars written, or -1 if <paramref name="chars"/> is too small.</summary>
    public static int Decode(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        int at = 0;
        for (int i = 0; i < bytes.Length;)
        {
            i += Next(bytes, i, out uint scalar);
            if (scalar >= 0x10000)
            {
                if (at + 2 > chars.Length)
                {
                    return -1;
                }

                chars[at++] = (char)(0xD7C0 + (scalar >> 10));
                chars[at++] = (char)(0xDC00 + (scalar & 0x3FF));
            }
            else
            {
                if (at >= chars.Length)
                {
                    return -1;
                }

                chars[at++] = (char)scalar;
            }
        }

        return at;
    }

    /// <summary>
    /// Decodes the sequence at <paramref name="start"/>: returns the bytes it takes and the scalar value, or U+FFFD for
    /// a maximal invalid subpart (or a single invalid byte).
    /// </summary>
    public static int Next(ReadOnlySpan<byte> bytes, int start, out uint scalar)
    {
        uint b0 = bytes[start];
        if (b0 < 0x80)
        {
            scalar = b0;
            return 1;
        }

        int need;
        uint min = 0x80;
        uint max = 0xBF; // the range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF)
        {
            need = 1;
            scalar = b0 & 0x1F;
        }
        else if (b0 >= 0xE0 && b0 <= 0xEF)
        {
            need = 2;
            scalar = b0 & 0x0F;
            min = b0 == 0xE0 ? 0xA0u : 0x80u;
            max = b0 == 0xED ? 0x9Fu : 0xBFu;
        }
        else if (b0 >= 0xF0 && b0 <= 0xF4)
        {
            need = 3;
            scalar = b0 & 0x07;
            min = b0 == 0xF0 ? 0x90u : 0x80u;
            max = b0 == 0xF4 ? 0x8Fu : 0xBFu;
        }
        else
        {
            scalar = Replacement;
            return 1;
        }

        int i = 1;
        for (; i <= need; i++)
        {
            if (start + i >= bytes.Length)
            {
                break;
            }

            uint b = bytes[start + i];
            if (b < (i == 1 ? min : 0x80u) || b > (i == 1 ? max : 0xBFu))
            {
                break;
            }

            scalar = (scalar << 6) | (b & 0x3F);
        }

        if (i <= need)
        {
            scalar = Replacement;
            return i; // the maximal subpart: the lead byte and the valid continuation bytes before the bad one
        }

        return need + 1;
    }

    private static bool IsHighSurrogate(char c) => c >= '\uD800' && c <= '\uDBFF';

    private static bool IsLowSurrogate(char c) => c >= '\uDC00' && c <= '\uDFFF';
}
