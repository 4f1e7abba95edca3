// ELF64 little-endian reader: file header, program and section headers, section names and load bounds.
using System;

namespace Smos.Formats;

/// <summary>
/// Reads ELF64 images in place. Every offset and size taken from the image is checked against the image
/// length (without overflow) before use; header structs passed back in are re-checked, so a caller-built
/// <see cref="ElfHeader"/> cannot cause an out-of-range read either.
/// </summary>
public static partial class Elf
{
    public const int HeaderSize = 64;
    public const int ProgramHeaderSize = 56;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;

    public const ushort ET_NONE = 0;
    public const ushort ET_REL = 1;
    public const ushort ET_EXEC = 2;
    public const ushort ET_DYN = 3;

    public const ushort EM_X86_64 = 62;
    public const ushort EM_AARCH64 = 183;

    public const uint PT_NULL = 0;
    public const uint PT_LOAD = 1;
    public const uint PT_DYNAMIC = 2;
    public const uint PT_INTERP = 3;
    public const uint PT_NOTE = 4;
    public const uint PT_PHDR = 6;
    public const uint PT_TLS = 7;

    public const uint PF_X = 1;
    public const uint PF_W = 2;
    public const uint PF_R = 4;

    public const uint SHT_NULL = 0;
    public const uint SHT_PROGBITS = 1;
    public const uint SHT_SYMTAB = 2;
    public const uint SHT_STRTAB = 3;
    public const uint SHT_NOBITS = 8;

    public const ushort SHN_UNDEF = 0;
    public const ushort SHN_ABS = 0xFFF1;
    public const ushort SHN_XINDEX = 0xFFFF;
    public const ushort PN_XNUM = 0xFFFF;

    public const byte STT_NOTYPE = 0;
    public const byte STT_OBJECT = 1;
    public const byte STT_FUNC = 2;
    public const byte STT_SECTION = 3;
    public const byte STT_FILE = 4;
    public const byte STB_GLOBAL = 1;

    /// <summary>Validates the ELF64 file header and the bounds of both header tables.</summary>
    public static ElfError Parse(ReadOnlySpan<byte> image, out ElfHeader header)
    {
        header = default;
        if (image.Length < HeaderSize)
        {
            return ElfError.TooSmall;
        }

        if (image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            return ElfError.BadMagic;
        }

        if (image[4] != 2)
        {
            return ElfError.NotElf64;
        }

        if (image[5] != 1)
        {
            return ElfError.NotLittleEndian;
        }

        if (image[6] != 1 || Bytes.U32(image, 20) != 1)
        {
            return ElfError.BadVersion;
        }

        if (Bytes.U16(image, 52) < HeaderSize)
        {
            return ElfError.BadHeaderSize;
        }

        ElfHeader h = default;
        h.Type = Bytes.U16(image, 16);
        h.Machine = Bytes.U16(image, 18);
        h.Entry = Bytes.U64(image, 24);
        h.PhOff = Bytes.U64(image, 32);
        h.ShOff = Bytes.U64(image, 40);
        h.Flags = Bytes.U32(image, 48);
        h.PhNum = Bytes.U16(image, 56);
        h.ShNum = Bytes.U16(image, 60);
        h.ShStrNdx = Bytes.U16(image, 62);
        ushort phEntSize = Bytes.U16(image, 54);
        ushort shEntSize = Bytes.U16(image, 58);

        if (h.PhNum == PN_XNUM || h.ShStrNdx == SHN_XINDEX)
        {
            return ElfError.ExtendedNumbering;
        }

        if (h.PhNum > 0)
        {
            if (phEntSize != ProgramHeaderSize)
            {
                return ElfError.BadPhEntSize;
            }

            if (!Bytes.Fits(h.PhOff, (ulong)h.PhNum * ProgramHeaderSize, image.Length))
            {
                return ElfError.PhTableOutOfBounds;
            }
        }

        if (h.ShNum > 0)
        {
            if (shEntSize != SectionHeaderSize)
            {
                return ElfError.BadShEntSize;
            }

            if (!Bytes.Fits(h.ShOff, (ulong)h.ShNum * SectionHeaderSize, image.Length))
            {
                return ElfError.ShTableOutOfBounds;
            }
        }

        if (h.ShStrNdx != SHN_UNDEF && h.ShStrNdx >= h.ShNum)
        {
            return ElfError.BadShStrNdx;
        }

        header = h;
        return ElfError.Ok;
    }

    /// <summary>
    /// Reads program header <paramref name="index"/>. For PT_LOAD it also checks that the file bytes lie in
    /// the image, that FileSize &lt;= MemSize and that VAddr + MemSize does not overflow.
    /// </summary>
    public static ElfError GetProgramHeader(ReadOnlySpan<byte> image, scoped in ElfHeader header, int index, out ProgramHeader ph)
    {
        ph = default;
        if (index < 0 || index >= header.PhNum)
        {
            return ElfError.IndexOutOfRange;
        }

        if (!Bytes.Fits(header.PhOff, ((ulong)index + 1) * ProgramHeaderSize, image.Length))
        {
            return ElfError.PhTableOutOfBounds;
        }

        ReadOnlySpan<byte> e = image.Slice((int)header.PhOff + (index * ProgramHeaderSize), ProgramHeaderSize);
        ProgramHeader p = default;
        p.Type = Bytes.U32(e, 0);
        p.Flags = Bytes.U32(e, 4);
        p.Offset = Bytes.U64(e, 8);
        p.VAddr = Bytes.U64(e, 16);
        p.PAddr = Bytes.U64(e, 24);
        p.FileSize = Bytes.U64(e, 32);
        p.MemSize = Bytes.U64(e, 40);
        p.Align = Bytes.U64(e, 48);

        if (p.Type == PT_LOAD)
        {
            if (p.FileSize != 0 && !Bytes.Fits(p.Offset, p.FileSize, image.Length))
            {
                return ElfError.SegmentOutOfBounds;
            }

            if (p.FileSize > p.MemSize)
            {
                return ElfError.SegmentFileSizeExceedsMemSize;
            }

            if (p.VAddr > ~0UL - p.MemSize)
            {
                return ElfError.SegmentAddressOverflow;
            }
        }

        ph = p;
        return ElfError.Ok;
    }

    /// <summary>The file bytes of a segment (its first FileSize bytes; the rest up to MemSize is zero-fill).</summary>
    public static ElfError GetSegmentData(ReadOnlySpan<byte> image, scoped in ProgramHeader ph, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (ph.FileSize == 0)
        {
            return ElfError.Ok;
        }

        if (!Bytes.Fits(ph.Offset, ph.FileSize, image.Length))
        {
            return ElfError.SegmentOutOfBounds;
        }

        data = image.Slice((int)ph.Offset, (int)ph.FileSize);
        return ElfError.Ok;
    }

    /// <summary>Reads section header <paramref name="index"/>; a section with file data must lie inside the image.</summary>
    public static ElfError GetSectionHeader(ReadOnlySpan<byte> image, scoped in ElfHeader header, int index, out SectionHeader section)
    {
        section = default;
        if (index < 0 || index >= header.ShNum)
        {
            return ElfError.IndexOutOfRange;
        }

        if (!Bytes.Fits(header.ShOff, ((ulong)index + 1) * SectionHeaderSize, image.Length))
        {
            return ElfError.ShTableOutOfBounds;
        }

        ReadOnlySpan<byte> e = image.Slice((int)header.ShOff + (index * SectionHeaderSize), SectionHeaderSize);
        SectionHeader s = default;
        s.NameOffset = Bytes.U32(e, 0);
        s.Type = Bytes.U32(e, 4);
        s.Flags = Bytes.U64(e, 8);
        s.Addr = Bytes.U64(e, 16);
        s.Offset = Bytes.U64(e, 24);
        s.Size = Bytes.U64(e, 32);
        s.Link = Bytes.U32(e, 40);
        s.Info = Bytes.U32(e, 44);
        s.AddrAlign = Bytes.U64(e, 48);
        s.EntSize = Bytes.U64(e, 56);

        if (s.HasFileData && !Bytes.Fits(s.Offset, s.Size, image.Length))
        {
            return ElfError.SectionOutOfBounds;
        }

        section = s;
        return ElfError.Ok;
    }

    /// <summary>The bytes of a section in the file (empty for SHT_NULL and SHT_NOBITS).</summary>
    public static ElfError GetSectionData(ReadOnlySpan<byte> image, scoped in SectionHeader section, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (!section.HasFileData || section.Size == 0)
        {
            return ElfError.Ok;
        }

        if (!Bytes.Fits(section.Offset, section.Size, image.Length))
        {
            return ElfError.SectionOutOfBounds;
        }

        data = image.Slice((int)section.Offset, (int)section.Size);
        return ElfError.Ok;
    }

    /// <summary>The name of <paramref name="section"/> from the section-name string table (e_shstrndx).</summary>
    public static ElfError GetSectionName(ReadOnlySpan<byte> image, scoped in ElfHeader header, scoped in SectionHeader section, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (header.ShStrNdx == SHN_UNDEF)
        {
            return ElfError.NoSectionNames;
        }

        ElfError error = GetSectionHeader(image, header, header.ShStrNdx, out SectionHeader strtab);
        if (error != ElfError.Ok)
        {
            return error;
        }

        error = GetSectionData(image, strtab, out ReadOnlySpan<byte> strings);
        if (error != ElfError.Ok)
        {
            return error;
        }

        return ReadString(strings, section.NameOffset, out name);
    }

    /// <summary>Finds the first section called <paramref name="name"/>.</summary>
    public static ElfError FindSection(ReadOnlySpan<byte> image, scoped in ElfHeader header, ReadOnlySpan<byte> name, out SectionHeader section)
    {
        section = default;
        for (int i = 0; i < header.ShNum; i++)
        {
            ElfError error = GetSectionHeader(image, header, i, out SectionHeader candidate);
            if (error != ElfError.Ok)
            {
                return error;
            }

            error = GetSectionName(image, header, candidate, out ReadOnlySpan<byte> candidateName);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (Bytes.Equal(candidateName, name))
            {
                section = candidate;
                return ElfError.Ok;
            }
        }

        return ElfError.SectionNotFound;
    }

    /// <summary>
    /// The lowest VAddr and the highest VAddr + MemSize over PT_LOAD segments with MemSize &gt; 0.
    /// The caller page-rounds. Returns NoLoadSegments when there is none.
    /// </summary>
    public static ElfError GetLoadBounds(ReadOnlySpan<byte> image, scoped in ElfHeader header, out ulong lowestVAddr, out ulong highestVAddrEnd)
    {
        lowestVAddr = 0;
        highestVAddrEnd = 0;
        bool any = false;
        for (int i = 0; i < header.PhNum; i++)
        {
            ElfError error = GetProgramHeader(image, header, i, out ProgramHeader ph);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (ph.Type != PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ulong end = ph.VAddr + ph.MemSize;
            if (!any || ph.VAddr < lowestVAddr)
            {
                lowestVAddr = ph.VAddr;
            }

            if (!any || end > highestVAddrEnd)
            {
                highestVAddrEnd = end;
            }

            any = true;
        }

        return any ? ElfError.Ok : ElfError.NoLoadSegments;
    }

    private static ElfError ReadString(ReadOnlySpan<byte> table, ulong offset, out ReadOnlySpan<byte> value)
    {
        if (Bytes.CString(table, offset, out value, out bool inside))
        {
            return ElfError.Ok;
        }

        return inside ? ElfError.NameNotTerminated : ElfError.NameOutOfBounds;
    }
}
