// FAT names: long-name validation, case-insensitive matching, 8.3 short names (exact fit or basis + ~N tail) and the LFN checksum.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// Rules for names in FAT directories. A long name is 1 to 255 UTF-16 units, no control character, none of
/// <c>" * / : &lt; &gt; ? \ |</c>, not "." or "..", no trailing dot or space. Names match case-insensitively (invariant
/// upper case, as Windows does). A name that fits 8.3 with one case per part is stored as a short entry alone (the
/// NT case byte keeps lower case); any other gets long-name entries and a generated short name: the upper-cased basis
/// with invalid characters as '_', and a "~N" tail that no other short name in the directory has.
/// </summary>
public static class FatName
{
    /// <summary>The longest long name in UTF-16 units.</summary>
    public const int MaxLength = 255;

    /// <summary>NT case byte bit: the base name is lower case.</summary>
    public const byte LowerBase = 0x08;

    /// <summary>NT case byte bit: the extension is lower case.</summary>
    public const byte LowerExtension = 0x10;

    /// <summary>Ok, BadName or NameTooLong for one path component.</summary>
    public static StorageError Validate(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || (name.Length == 1 && name[0] == '.') || (name.Length == 2 && name[0] == '.' && name[1] == '.'))
        {
            return StorageError.BadName;
        }

        if (name.Length > MaxLength)
        {
            return StorageError.NameTooLong;
        }

        if (name[name.Length - 1] == '.' || name[name.Length - 1] == ' ')
        {
            return StorageError.BadName;
        }

        foreach (char c in name)
        {
            if (c < 0x20 || c == 0x7F || c == '"' || c == '*' || c == '/' || c == ':' || c == '<' || c == '>' || c == '?' || c == '\\' || c == '|')
            {
                return StorageError.BadName;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>True when two names are equal ignoring case.</summary>
    public static bool Same(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && char.ToUpperInvariant(a[i]) != char.ToUpperInvariant(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The checksum of an 11-byte short name that every long-name entry of it carries.</summary>
    public static byte Checksum(ReadOnlySpan<byte> shortName)
    {
        byte sum = 0;
        for (int i = 0; i < 11; i++)
        {
            sum = (byte)(((sum & 1) << 7) + (sum >> 1) + shortName[i]);
        }

        return sum;
    }

    /// <summary>The display form of an 11-byte short name ("README.TXT", lower-cased parts per <paramref name="ntCase"/>).</summary>
    public static string Display(ReadOnlySpan<byte> shortName, byte ntCase)
    {
        Span<char> text = stackalloc char[12];
        int n = 0;
        int baseEnd = 8, extEnd = 11;
        while (baseEnd > 0 && shortName[baseEnd - 1] == ' ')
        {
            baseEnd--;
        }

        while (extEnd > 8 && shortName[extEnd - 1] == ' ')
        {
            extEnd--;
        }

        for (int i = 0; i < baseEnd; i++)
        {
            char c = (char)(i == 0 && shortName[0] == 0x05 ? 0xE5 : shortName[i]);
            text[n++] = (ntCase & LowerBase) != 0 && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }

        if (extEnd > 8)
        {
            text[n++] = '.';
            for (int i = 8; i < extEnd; i++)
            {
                char c = (char)shortName[i];
                text[n++] = (ntCase & LowerExtension) != 0 && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
        }

        return new string(text.Slice(0, n));
    }

    /// <summary>
    /// When <paramref name="name"/> fits 8.3 exactly (legal short characters, at most one dot, each part in one case),
    /// fills <paramref name="shortName"/> (11 bytes) and <paramref name="ntCase"/> and returns true.
    /// </summary>
    public static bool TryExactShort(ReadOnlySpan<char> name, Span<byte> shortName, out byte ntCase)
    {
        ntCase = 0;
        int dot = name.IndexOf('.');
        ReadOnlySpan<char> basePart = dot < 0 ? name : name.Slice(0, dot);
        ReadOnlySpan<char> ext = dot < 0 ? default : name.Slice(dot + 1);
        if (basePart.Length == 0 || basePart.Length > 8 || ext.Length > 3 || (dot >= 0 && ext.Length == 0) || ext.IndexOf('.') >= 0)
        {
            return false;
        }

        if (!OneCase(basePart, out bool lowerBase) || !OneCase(ext, out bool lowerExt))
        {
            return false;
        }

        shortName.Fill((byte)' ');
        for (int i = 0; i < basePart.Length; i++)
        {
            if (!IsShortChar(char.ToUpperInvariant(basePart[i])))
            {
                return false;
            }

            shortName[i] = (byte)char.ToUpperInvariant(basePart[i]);
        }

        for (int i = 0; i < ext.Length; i++)
        {
            if (!IsShortChar(char.ToUpperInvariant(ext[i])))
            {
                return false;
            }

            shortName[8 + i] = (byte)char.ToUpperInvariant(ext[i]);
        }

        if (shortName[0] == 0xE5)
        {
            shortName[0] = 0x05;
        }

        ntCase = (byte)((lowerBase ? LowerBase : 0) | (lowerExt ? LowerExtension : 0));
        return true;
    }

    /// <summary>
    /// A generated short name for <paramref name="name"/> with the lowest "~N" tail not in <paramref name="taken"/>
    /// (11-byte names as strings of Latin-1 characters); false when a million tails are all taken.
    /// </summary>
    public static bool TryGenerateShort(ReadOnlySpan<char> name, HashSet<string> taken, Span<byte> shortName)
    {
        Span<byte> basis = stackalloc byte[8];
        Span<byte> ext = stackalloc byte[3];
        int lastDot = name.LastIndexOf('.');
        int baseLen = 0, extLen = 0;
        int start = 0;
        while (start < name.Length && (name[start] == '.' || name[start] == ' '))
        {
            start++;
        }

        for (int i = start; i < (lastDot > start ? lastDot : name.Length) && baseLen < 8; i++)
        {
            if (name[i] != ' ' && name[i] != '.')
            {
                basis[baseLen++] = Basis(name[i]);
            }
        }

        for (int i = lastDot + 1; lastDot > start && i < name.Length && extLen < 3; i++)
        {
            if (name[i] != ' ' && name[i] != '.')
            {
                ext[extLen++] = Basis(name[i]);
            }
        }

        if (baseLen == 0)
        {
            basis[baseLen++] = (byte)'_';
        }

        Span<char> key = stackalloc char[11];
        Span<char> digits = stackalloc char[7];
        for (int n = 1; n < 1000000; n++)
        {
            int d = 0;
            for (int v = n; v > 0; v /= 10)
            {
                digits[d++] = (char)('0' + (v % 10));
            }

            int keep = Math.Min(baseLen, 8 - 1 - d);
            shortName.Fill((byte)' ');
            basis.Slice(0, keep).CopyTo(shortName);
            shortName[keep] = (byte)'~';
            for (int i = 0; i < d; i++)
            {
                shortName[keep + 1 + i] = (byte)digits[d - 1 - i];
            }

            ext.Slice(0, extLen).CopyTo(shortName.Slice(8));
            for (int i = 0; i < 11; i++)
            {
                key[i] = (char)shortName[i];
            }

            if (!taken.Contains(new string(key)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The 11 bytes of a short name as a string key (one Latin-1 character per byte).</summary>
    public static string Key(ReadOnlySpan<byte> shortName)
    {
        Span<char> key = stackalloc char[11];
        for (int i = 0; i < 11; i++)
        {
            key[i] = (char)shortName[i];
        }

        return new string(key);
    }

    private static byte Basis(char c)
    {
        char u = char.ToUpperInvariant(c);
        return IsShortChar(u) ? (byte)u : (byte)'_';
    }

    private static bool IsShortChar(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' ||
        c == '\'' || c == '(' || c == ')' || c == '-' || c == '@' || c == '^' || c == '_' || c == '`' || c == '{' || c == '}' || c == '~';

    private static bool OneCase(ReadOnlySpan<char> part, out bool lower)
    {
        bool anyLower = false, anyUpper = false;
        foreach (char c in part)
        {
            anyLower |= c >= 'a' && c <= 'z';
            anyUpper |= c >= 'A' && c <= 'Z';
        }

        lower = anyLower;
        return !(anyLower && anyUpper);
    }
}
