// Reader for CPIO "newc" archives (magic 070701, and 070702 with its checksum ignored), as built into the boot image.
using System;

namespace Smos.Formats;

/// <summary>Outcome of reading a CPIO archive. Every failure of the reader is one of these values.</summary>
public enum CpioResult
{
    Ok = 0,
    End,
    Truncated,
    BadMagic,
    BadHexField,
    BadNameSize,
    NamePastEnd,
    NameNotTerminated,
    NameContainsNul,
    DataPastEnd,
    MissingTrailer,
    NotFound,
}

/// <summary>One archive member. <see cref="Name"/> excludes the terminating NUL; <see cref="Data"/> is exactly FileSize bytes.</summary>
public readonly ref struct CpioEntry
{
    public readonly ReadOnlySpan<byte> Name;
    public readonly ReadOnlySpan<byte> Data;
    public readonly uint Mode;
    public readonly uint FileSize;
    public readonly uint Inode;
    public readonly uint NLink;
    public readonly uint MTime;
    public readonly uint Uid;
    public readonly uint Gid;

    internal CpioEntry(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data, uint mode, uint fileSize, uint inode, uint nlink, uint mtime, uint uid, uint gid)
    {
        Name = name;
        Data = data;
        Mode = mode;
        FileSize = fileSize;
        Inode = inode;
        NLink = nlink;
        MTime = mtime;
        Uid = uid;
        Gid = gid;
    }

    /// <summary>The file type bits of <see cref="Mode"/> (S_IFMT).</summary>
    public uint FileType => Mode & Cpio.S_IFMT;

    public bool IsRegularFile => FileType == Cpio.S_IFREG;

    public bool IsDirectory => FileType == Cpio.S_IFDIR;

    public bool IsSymlink => FileType == Cpio.S_IFLNK;
}

/// <summary>
/// Walks a newc archive entry by entry. Offsets are relative to the start of the span; the header and the
/// data are each padded to 4 bytes. Each successful <see cref="Next"/> advances by at least one 110-byte
/// header, so a walk always terminates. Once End or an error has been returned, every later call returns it again.
/// </summary>
public ref struct CpioReader
{
    /// <summary>Size of a newc header: 6 magic bytes and 13 fields of 8 hex digits.</summary>
    public const int HeaderSize = 110;

    private const int FieldInode = 0;
    private const int FieldMode = 1;
    private const int FieldUid = 2;
    private const int FieldGid = 3;
    private const int FieldNLink = 4;
    private const int FieldMTime = 5;
    private const int FieldFileSize = 6;
    private const int FieldNameSize = 11;
    private const int FieldCount = 13;

    private readonly ReadOnlySpan<byte> _archive;
    private int _offset;
    private CpioResult _done;

    public CpioReader(ReadOnlySpan<byte> archive)
    {
        _archive = archive;
        _offset = 0;
        _done = CpioResult.Ok;
    }

    /// <summary>Byte offset of the next header (or of the failing header after an error).</summary>
    public readonly int Offset => _offset;

    /// <summary>Reads the next member. Returns Ok with an entry, End at the TRAILER!!! member, or an error.</summary>
    public CpioResult Next(out CpioEntry entry)
    {
        entry = default;
        if (_done != CpioResult.Ok)
        {
            return _done;
        }

        CpioResult result = ReadAt(out entry);
        if (result != CpioResult.Ok)
        {
            _done = result;
        }

        return result;
    }

    private CpioResult ReadAt(out CpioEntry entry)
    {
        entry = default;
        int length = _archive.Length;
        int remaining = length - _offset;
        if (remaining <= 0)
        {
            return CpioResult.MissingTrailer;
        }

        ReadOnlySpan<byte> header = _archive.Slice(_offset);
        if (remaining < 6)
        {
            return MagicPrefixMatches(header) ? CpioResult.Truncated : CpioResult.BadMagic;
        }

        if (!MagicPrefixMatches(header) || (header[5] != (byte)'1' && header[5] != (byte)'2'))
        {
            return CpioResult.BadMagic;
        }

        if (remaining < HeaderSize)
        {
            return CpioResult.Truncated;
        }

        // Every field must be hex, including the ones this reader does not report.
        for (int field = 0; field < FieldCount; field++)
        {
            if (!ParseHex(header, field, out _))
            {
                return CpioResult.BadHexField;
            }
        }

        ParseHex(header, FieldNameSize, out uint nameSize);
        ParseHex(header, FieldFileSize, out uint fileSize);
        if (nameSize < 2)
        {
            return CpioResult.BadNameSize;
        }

        ulong nameStart = (ulong)_offset + HeaderSize;
        if (!Bytes.Fits(nameStart, nameSize, length))
        {
            return CpioResult.NamePastEnd;
        }

        ReadOnlySpan<byte> nameWithNul = _archive.Slice((int)nameStart, (int)nameSize);
        if (nameWithNul[(int)nameSize - 1] != 0)
        {
            return CpioResult.NameNotTerminated;
        }

        ReadOnlySpan<byte> name = nameWithNul.Slice(0, (int)nameSize - 1);
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == 0)
            {
                return CpioResult.NameContainsNul;
            }
        }

        ulong dataStart = Align4(nameStart + nameSize);
        ReadOnlySpan<byte> data = default;
        if (fileSize != 0)
        {
            if (!Bytes.Fits(dataStart, fileSize, length))
            {
                return CpioResult.DataPastEnd;
            }

            data = _archive.Slice((int)dataStart, (int)fileSize);
        }

        if (Bytes.Equal(name, "TRAILER!!!"u8))
        {
            _offset = length;
            return CpioResult.End;
        }

        // A missing final padding is tolerated: the next call then reports MissingTrailer.
        ulong next = Align4(dataStart + fileSize);
        _offset = next > (ulong)length ? length : (int)next;

        ParseHex(header, FieldInode, out uint inode);
        ParseHex(header, FieldMode, out uint mode);
        ParseHex(header, FieldUid, out uint uid);
        ParseHex(header, FieldGid, out uint gid);
        ParseHex(header, FieldNLink, out uint nlink);
        ParseHex(header, FieldMTime, out uint mtime);
        entry = new CpioEntry(name, data, mode, fileSize, inode, nlink, mtime, uid, gid);
        return CpioResult.Ok;
    }

    private static bool MagicPrefixMatches(ReadOnlySpan<byte> header)
    {
        ReadOnlySpan<byte> magic = "07070"u8;
        int n = header.Length < magic.Length ? header.Length : magic.Length;
        return Bytes.Equal(header.Slice(0, n), magic.Slice(0, n));
    }

    private static ulong Align4(ulong value) => (value + 3) & ~3UL;

    /// <summary>Parses field <paramref name="index"/> (8 hex digits, either case) of a complete header.</summary>
    private static bool ParseHex(ReadOnlySpan<byte> header, int index, out uint value)
    {
        value = 0;
        int start = 6 + (index * 8);
        for (int i = start; i < start + 8; i++)
        {
            int c = header[i];
            int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                value = 0;
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }
}
