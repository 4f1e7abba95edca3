// Host-only writer for deterministic CPIO newc archives (the boot image's file archive); not part of the bare-metal build.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Smos.Formats;

/// <summary>
/// Builds a newc (070701) archive in memory. Output depends only on the calls made: mtime 0, uid/gid 0,
/// inodes numbered from 1 in insertion order, nlink 1 for files and 2 for directories, and a
/// TRAILER!!! member at the end. Names are stored as UTF-8 exactly as given.
/// </summary>
public sealed class CpioWriter
{
    /// <summary>Regular file, rw-r--r-- (0100644).</summary>
    public const uint DefaultFileMode = 0x81A4;

    /// <summary>Directory, rwxr-xr-x (040755).</summary>
    public const uint DefaultDirectoryMode = 0x41ED;

    /// <summary>Longest accepted name in UTF-8 bytes, excluding the NUL (PATH_MAX 4096 includes it).</summary>
    public const int MaxNameBytes = 4095;

    private const string TrailerName = "TRAILER!!!";

    private readonly List<byte> _buffer = new();
    private uint _nextInode = 1;

    /// <summary>Number of members added so far (the trailer excluded).</summary>
    public int Count { get; private set; }

    /// <summary>Adds a file (or any member whose type is in <paramref name="mode"/>) with the given contents.</summary>
    public void Add(string name, ReadOnlySpan<byte> data, uint mode = DefaultFileMode)
    {
        byte[] nameBytes = ValidateName(name);
        uint nlink = (mode & Cpio.S_IFMT) == Cpio.S_IFDIR ? 2u : 1u;
        WriteMember(nameBytes, data, mode, _nextInode++, nlink);
        Count++;
    }

    /// <summary>The prefix of the padding members <see cref="AddAligned"/> writes: "align/NAME" comes before member NAME.</summary>
    public const string AlignPrefix = "align/";

    /// <summary>
    /// Adds a file whose data starts at a multiple of <paramref name="alignment"/> (a power of two, at least 4) from the
    /// start of the archive: when it would not, a padding member "align/NAME" of zeros comes first (its size makes up
    /// the difference; every header, name and data length is a multiple of 4, so any gap can be filled). The root task
    /// links the apps archive at a page boundary, so an app's ELF page-aligned here is page-aligned in memory: its
    /// pages are copied 8 bytes per load (docs/performance.md).
    /// </summary>
    public void AddAligned(string name, ReadOnlySpan<byte> data, int alignment)
    {
        if (alignment < 4 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentException("The alignment must be a power of two of at least 4.", nameof(alignment));
        }

        byte[] nameBytes = ValidateName(name);
        if ((DataStart(_buffer.Count, nameBytes.Length) & (alignment - 1)) != 0)
        {
            byte[] padName = ValidateName(AlignPrefix + name);
            int afterPadHeader = DataStart(_buffer.Count, padName.Length);
            int gap = (alignment - (DataStart(afterPadHeader, nameBytes.Length) & (alignment - 1))) & (alignment - 1);
            WriteMember(padName, new byte[gap], DefaultFileMode, _nextInode++, 1);
            Count++;
        }

        WriteMember(nameBytes, data, DefaultFileMode, _nextInode++, 1);
        Count++;
    }

    // Where the data of a member written at `offset` with a name of `nameLength` bytes starts: the header, the name and
    // its NUL, padded to 4.
    private static int DataStart(int offset, int nameLength) => (offset + CpioReader.HeaderSize + nameLength + 1 + 3) & ~3;

    /// <summary>Adds a directory member (mode 040755, nlink 2, no data).</summary>
    public void AddDirectory(string name)
    {
        Add(name, ReadOnlySpan<byte>.Empty, DefaultDirectoryMode);
    }

    /// <summary>The archive so far followed by the TRAILER!!! member. The writer can keep adding afterwards.</summary>
    public byte[] ToArray()
    {
        var result = new List<byte>(_buffer.Count + 128);
        result.AddRange(_buffer);
        WriteMember(result, Encoding.ASCII.GetBytes(TrailerName), ReadOnlySpan<byte>.Empty, 0, 0, 1);
        return result.ToArray();
    }

    private static byte[] ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("A CPIO member name must not be empty.", nameof(name));
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A CPIO member name must not contain NUL.", nameof(name));
        }

        if (name == TrailerName)
        {
            throw new ArgumentException("TRAILER!!! is reserved for the end-of-archive member.", nameof(name));
        }

        byte[] bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > MaxNameBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A CPIO member name must be shorter than 4096 bytes; this one has {bytes.Length}."),
                nameof(name));
        }

        return bytes;
    }

    private void WriteMember(byte[] name, ReadOnlySpan<byte> data, uint mode, uint inode, uint nlink) =>
        WriteMember(_buffer, name, data, mode, inode, nlink);

    private static void WriteMember(List<byte> output, byte[] name, ReadOnlySpan<byte> data, uint mode, uint inode, uint nlink)
    {
        var header = new StringBuilder(CpioReader.HeaderSize);
        header.Append("070701");
        uint[] fields =
        [
            inode, mode, 0 /* uid */, 0 /* gid */, nlink, 0 /* mtime */, (uint)data.Length,
            0 /* devmajor */, 0 /* devminor */, 0 /* rdevmajor */, 0 /* rdevminor */,
            (uint)name.Length + 1, 0, /* check */
        ];
        foreach (uint field in fields)
        {
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        }

        output.AddRange(Encoding.ASCII.GetBytes(header.ToString()));
        output.AddRange(name);
        output.Add(0);
        Pad(output);
        output.AddRange(data.ToArray());
        Pad(output);
    }

    private static void Pad(List<byte> output)
    {
        while ((output.Count & 3) != 0)
        {
            output.Add(0);
        }
    }
}
