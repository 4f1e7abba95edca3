// CPIO helpers on top of CpioReader: find a member by name, compare names, and describe each result.
using System;

namespace Smos.Formats;

/// <summary>Lookups in newc archives, mode constants, and the messages for <see cref="CpioResult"/>.</summary>
public static class Cpio
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFLNK = 0xA000;

    /// <summary>
    /// Finds the first member whose name matches <paramref name="name"/> (see <see cref="NameMatches"/>).
    /// Returns Ok with its data, NotFound when the trailer is reached first, or the reader's error.
    /// </summary>
    public static CpioResult Find(ReadOnlySpan<byte> archive, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        data = default;
        var reader = new CpioReader(archive);
        while (true)
        {
            CpioResult result = reader.Next(out CpioEntry entry);
            if (result == CpioResult.End)
            {
                return CpioResult.NotFound;
            }

            if (result != CpioResult.Ok)
            {
                return result;
            }

            if (NameMatches(entry.Name, name))
            {
                data = entry.Data;
                return CpioResult.Ok;
            }
        }
    }

    /// <summary>
    /// True when an archive member name equals <paramref name="wanted"/>, ignoring any leading "./"
    /// prefixes on either side (archives made with <c>find . | cpio -o</c> store "./bin/init").
    /// </summary>
    public static bool NameMatches(ReadOnlySpan<byte> archiveName, ReadOnlySpan<byte> wanted)
    {
        return Bytes.Equal(StripDotSlash(archiveName), StripDotSlash(wanted));
    }

    /// <summary>Removes every leading "./" from a name.</summary>
    public static ReadOnlySpan<byte> StripDotSlash(ReadOnlySpan<byte> name)
    {
        while (name.Length >= 2 && name[0] == (byte)'.' && name[1] == (byte)'/')
        {
            name = name.Slice(2);
        }

        return name;
    }

    /// <summary>A one-sentence explanation of <paramref name="result"/>.</summary>
    public static string Describe(CpioResult result) => result switch
    {
        CpioResult.Ok => "ok: an archive member was read",
        CpioResult.End => "end of archive: the TRAILER!!! member was reached",
        CpioResult.Truncated => "truncated archive: fewer than 110 bytes remain for a newc header",
        CpioResult.BadMagic => "bad magic: the header does not start with 070701 or 070702 (only the newc format is supported)",
        CpioResult.BadHexField => "bad header field: one of the 13 header fields is not 8 hexadecimal digits",
        CpioResult.BadNameSize => "bad name size: namesize is below 2, so there is no room for a name and its NUL",
        CpioResult.NamePastEnd => "name past end: the member name (namesize bytes after the header) runs past the end of the archive",
        CpioResult.NameNotTerminated => "name not terminated: the last byte of the member name is not NUL",
        CpioResult.NameContainsNul => "name contains NUL: a NUL byte appears before the end of the member name",
        CpioResult.DataPastEnd => "data past end: the member's filesize bytes run past the end of the archive",
        CpioResult.MissingTrailer => "missing trailer: the archive ends without a TRAILER!!! member",
        CpioResult.NotFound => "not found: no member of the archive has that name",
        _ => "unknown CPIO result value",
    };
}
