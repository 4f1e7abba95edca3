// The quota word of an init-list line ("quota:memory=600M,children=700 app args"): parsed without allocating.
using System;

namespace Smos.Formats;

/// <summary>Why a quota word was refused (<see cref="InitQuota.Parse"/>); <see cref="InitQuota.Describe"/> says it in words.</summary>
public enum InitQuotaError
{
    Ok,
    NotAQuotaWord,
    Empty,
    UnknownKind,
    MissingValue,
    BadNumber,
    TooLarge,
    Repeated,
}

/// <summary>
/// An init-list line may start with a quota word, <c>quota:KIND=VALUE,KIND=VALUE,...</c>, giving the process the root
/// task starts for it that quota instead of the default: KIND is memory, slots, children, connections, publications or
/// subscriptions (in that order they are the six words of a quota, index 0-5), VALUE a decimal number with an optional
/// suffix K, M or G (times 2^10, 2^20, 2^30). Kinds not named keep the default. Shared by the root task, which reads
/// the lines at boot, and buildsys, which checks them at build time.
/// </summary>
public static class InitQuota
{
    /// <summary>What starts a quota word.</summary>
    public static ReadOnlySpan<byte> Prefix => "quota:"u8;

    /// <summary>Kinds of a quota word.</summary>
    public const int Kinds = 6;

    /// <summary>
    /// The name of kind <paramref name="k"/> (0-5, quota-word order). A method, not a static array: static initializers
    /// do not run in the root task (docs/runtime.md, "Statics").
    /// </summary>
    public static string KindName(int k) => k switch
    {
        0 => "memory",
        1 => "slots",
        2 => "children",
        3 => "connections",
        4 => "publications",
        _ => "subscriptions",
    };

    /// <summary>True when <paramref name="word"/> starts with <see cref="Prefix"/>.</summary>
    public static bool IsQuotaWord(ReadOnlySpan<byte> word)
    {
        ReadOnlySpan<byte> prefix = Prefix;
        if (word.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (word[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses <paramref name="word"/> into <paramref name="values"/> (6 words, left as they are for kinds not named);
    /// <paramref name="given"/> has bit k set for each kind named. On an error <paramref name="at"/> is the offset of the
    /// part refused.
    /// </summary>
    public static InitQuotaError Parse(ReadOnlySpan<byte> word, Span<ulong> values, out int given, out int at)
    {
        given = 0;
        at = 0;
        if (!IsQuotaWord(word))
        {
            return InitQuotaError.NotAQuotaWord;
        }

        int pos = Prefix.Length;
        if (pos == word.Length)
        {
            at = pos;
            return InitQuotaError.Empty;
        }

        while (pos <= word.Length)
        {
            int end = pos;
            while (end < word.Length && word[end] != ',')
            {
                end++;
            }

            at = pos;
            InitQuotaError e = ParsePart(word.Slice(pos, end - pos), out int kind, out ulong value);
            if (e != InitQuotaError.Ok)
            {
                return e;
            }

            if ((given & (1 << kind)) != 0)
            {
                return InitQuotaError.Repeated;
            }

            given |= 1 << kind;
            values[kind] = value;
            pos = end + 1;
        }

        at = 0;
        return InitQuotaError.Ok;
    }

    /// <summary>A sentence for <paramref name="error"/>.</summary>
    public static string Describe(InitQuotaError error) => error switch
    {
        InitQuotaError.Ok => "ok",
        InitQuotaError.NotAQuotaWord => "not a quota word (it starts with \"quota:\")",
        InitQuotaError.Empty => "no KIND=VALUE after \"quota:\"",
        InitQuotaError.UnknownKind => "unknown kind: the kinds are memory, slots, children, connections, publications, subscriptions",
        InitQuotaError.MissingValue => "KIND=VALUE expected",
        InitQuotaError.BadNumber => "the value is not a decimal number with an optional K, M or G",
        InitQuotaError.TooLarge => "the value is larger than 2^64 - 1",
        InitQuotaError.Repeated => "a kind is named twice",
        _ => "unknown error",
    };

    private static InitQuotaError ParsePart(ReadOnlySpan<byte> part, out int kind, out ulong value)
    {
        kind = -1;
        value = 0;
        int eq = -1;
        for (int i = 0; i < part.Length; i++)
        {
            if (part[i] == '=')
            {
                eq = i;
                break;
            }
        }

        if (eq <= 0 || eq == part.Length - 1)
        {
            return eq == 0 ? InitQuotaError.UnknownKind : InitQuotaError.MissingValue;
        }

        ReadOnlySpan<byte> name = part.Slice(0, eq);
        for (int k = 0; k < Kinds; k++)
        {
            if (EqualsAscii(name, KindName(k)))
            {
                kind = k;
                break;
            }
        }

        if (kind < 0)
        {
            return InitQuotaError.UnknownKind;
        }

        ReadOnlySpan<byte> digits = part.Slice(eq + 1);
        int shift = 0;
        switch (digits[digits.Length - 1])
        {
            case (byte)'K':
                shift = 10;
                break;
            case (byte)'M':
                shift = 20;
                break;
            case (byte)'G':
                shift = 30;
                break;
        }

        if (shift != 0)
        {
            digits = digits.Slice(0, digits.Length - 1);
        }

        if (digits.Length == 0)
        {
            return InitQuotaError.BadNumber;
        }

        foreach (byte c in digits)
        {
            if (c < '0' || c > '9')
            {
                return InitQuotaError.BadNumber;
            }

            ulong digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return InitQuotaError.TooLarge;
            }

            value = (value * 10) + digit;
        }

        if (shift != 0 && value > (ulong.MaxValue >> shift))
        {
            return InitQuotaError.TooLarge;
        }

        value <<= shift;
        return InitQuotaError.Ok;
    }

    private static bool EqualsAscii(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
