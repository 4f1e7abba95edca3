// FAT directory entries: the 32-byte short entry, VFAT long-name entries, and parsing a directory's bytes into named entries.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// One live entry of a FAT directory: its short (8.3) entry and, when present, the long name its VFAT entries spell.
/// Slots are 32-byte entry indexes in the directory; long-name entries take the slots just before the short entry.
/// </summary>
public sealed class DirectoryEntry
{
    /// <summary>Attribute: read-only.</summary>
    public const byte AttrReadOnly = 0x01;

    /// <summary>Attribute: the entry is the volume label.</summary>
    public const byte AttrVolumeLabel = 0x08;

    /// <summary>Attribute: a subdirectory.</summary>
    public const byte AttrDirectory = 0x10;

    /// <summary>Attribute: changed since the last backup (set on every file written).</summary>
    public const byte AttrArchive = 0x20;

    /// <summary>The attribute value of a long-name entry.</summary>
    public const byte AttrLongName = 0x0F;

    /// <summary>Bytes per entry.</summary>
    public const int Size = 32;

    /// <summary>UTF-16 units per long-name entry.</summary>
    public const int CharsPerLongEntry = 13;

    private static readonly int[] CharOffsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

    /// <summary>The name to show and match: the long name, else the short one.</summary>
    public string Name { get; internal set; } = "";

    /// <summary>The 8.3 name in display form.</summary>
    public string ShortDisplay { get; internal set; } = "";

    /// <summary>The raw 32 bytes of the short entry.</summary>
    public byte[] Raw { get; } = new byte[Size];

    /// <summary>Slot of the short entry.</summary>
    public int Slot { get; internal set; }

    /// <summary>Slot of the first long-name entry (the short entry's slot when there is none).</summary>
    public int FirstSlot { get; internal set; }

    /// <summary>True when the entry has a valid long name.</summary>
    public bool HasLongName => FirstSlot != Slot;

    /// <summary>Attribute byte.</summary>
    public byte Attributes => Raw[11];

    /// <summary>True for a subdirectory (and "." and "..").</summary>
    public bool IsDirectory => (Raw[11] & AttrDirectory) != 0;

    /// <summary>True for the volume label entry.</summary>
    public bool IsVolumeLabel => (Raw[11] & (AttrVolumeLabel | AttrDirectory)) == AttrVolumeLabel;

    /// <summary>True for "." and "..".</summary>
    public bool IsDot => Raw[0] == '.';

    /// <summary>First cluster (0 for an empty file).</summary>
    public uint FirstCluster => ((uint)LittleEndian.U16(Raw, 20) << 16) | LittleEndian.U16(Raw, 26);

    /// <summary>File size in bytes (0 for directories).</summary>
    public uint FileSize => LittleEndian.U32(Raw, 28);

    /// <summary>Writes a short entry into <paramref name="e"/> (32 bytes).</summary>
    public static void EncodeShort(Span<byte> e, ReadOnlySpan<byte> name11, byte attributes, byte ntCase, uint firstCluster, uint size, ushort date, ushort time)
    {
        e.Slice(0, Size).Clear();
        name11.Slice(0, 11).CopyTo(e);
        e[11] = attributes;
        e[12] = ntCase;
        LittleEndian.Put16(e, 14, time);
        LittleEndian.Put16(e, 16, date);
        LittleEndian.Put16(e, 18, date);
        LittleEndian.Put16(e, 22, time);
        LittleEndian.Put16(e, 24, date);
        SetCluster(e, firstCluster);
        LittleEndian.Put32(e, 28, size);
    }

    /// <summary>Stores the first cluster in a short entry.</summary>
    public static void SetCluster(Span<byte> e, uint cluster)
    {
        LittleEndian.Put16(e, 20, cluster >> 16);
        LittleEndian.Put16(e, 26, cluster & 0xFFFF);
    }

    /// <summary>Long-name entries needed for a name of <paramref name="nameLength"/> UTF-16 units.</summary>
    public static int LongEntries(int nameLength) => (nameLength + CharsPerLongEntry - 1) / CharsPerLongEntry;

    /// <summary>Writes the long-name entries of <paramref name="name"/> in on-disk order (highest ordinal first).</summary>
    public static void EncodeLong(Span<byte> entries, ReadOnlySpan<char> name, byte checksum)
    {
        int count = LongEntries(name.Length);
        for (int k = 0; k < count; k++)
        {
            int ordinal = count - k; // physical entry k holds part ordinal-1
            Span<byte> e = entries.Slice(k * Size, Size);
            e.Clear();
            e[0] = (byte)(ordinal | (k == 0 ? 0x40 : 0));
            e[11] = AttrLongName;
            e[13] = checksum;
            for (int c = 0; c < CharsPerLongEntry; c++)
            {
                int at = ((ordinal - 1) * CharsPerLongEntry) + c;
                uint unit = at < name.Length ? name[at] : at == name.Length ? 0u : 0xFFFFu;
                LittleEndian.Put16(e, CharOffsets[c], unit);
            }
        }
    }

    /// <summary>
    /// Parses directory bytes into its live entries (skipping deleted ones, stopping at the end marker). Long-name runs
    /// whose ordinals or checksum do not fit their short entry are ignored (the short name stands) and, when
    /// <paramref name="problems"/> is given, reported. <paramref name="endSlot"/> is the end marker's slot (or the slot count).
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> directory, List<DirectoryEntry> into, List<string>? problems, out int endSlot)
    {
        int slots = directory.Length / Size;
        char[] chars = new char[20 * CharsPerLongEntry];
        int expected = 0, count = 0, first = -1;
        byte sum = 0;
        endSlot = slots;
        for (int i = 0; i < slots; i++)
        {
            ReadOnlySpan<byte> e = directory.Slice(i * Size, Size);
            if (e[0] == 0)
            {
                endSlot = i;
                break;
            }

            bool deleted = e[0] == 0xE5;
            if (!deleted && (e[11] & 0x3F) == AttrLongName)
            {
                int ordinal = e[0] & 0x3F;
                if ((e[0] & 0x40) != 0 && ordinal >= 1 && ordinal <= 20)
                {
                    if (expected != 0)
                    {
                        problems?.Add($"slot {first}: long-name entries without their short entry");
                    }

                    count = ordinal;
                    first = i;
                    sum = e[13];
                }
                else if (expected == 0 || ordinal != expected - 1 || e[13] != sum)
                {
                    problems?.Add($"slot {i}: long-name entry out of sequence");
                    expected = 0;
                    continue;
                }

                for (int c = 0; c < CharsPerLongEntry; c++)
                {
                    chars[((ordinal - 1) * CharsPerLongEntry) + c] = (char)LittleEndian.U16(e, CharOffsets[c]);
                }

                expected = ordinal;
                continue;
            }

            if (deleted)
            {
                if (expected != 0)
                {
                    problems?.Add($"slot {first}: long-name entries without their short entry");
                }

                expected = 0;
                continue;
            }

            var entry = new DirectoryEntry { Slot = i, FirstSlot = i };
            e.CopyTo(entry.Raw);
            entry.ShortDisplay = FatName.Display(e, e[12]);
            entry.Name = entry.ShortDisplay;
            if (expected == 1 && FatName.Checksum(e) == sum && !entry.IsVolumeLabel)
            {
                int length = 0;
                while (length < count * CharsPerLongEntry && chars[length] != 0)
                {
                    length++;
                }

                entry.Name = new string(new ReadOnlySpan<char>(chars, 0, length));
                entry.FirstSlot = first;
            }
            else if (expected != 0)
            {
                problems?.Add($"slot {first}: long-name entries do not belong to short entry {entry.ShortDisplay}");
            }

            expected = 0;
            into.Add(entry);
        }

        if (expected != 0)
        {
            problems?.Add($"slot {first}: long-name entries at the end of the directory");
        }
    }
}
