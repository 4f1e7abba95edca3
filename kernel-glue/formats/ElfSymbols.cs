// ELF64 symbol lookups over .symtab (address to name for panic symbolization, name to address) and ElfError messages.
using System;

namespace Smos.Formats;

public static partial class Elf
{
    /// <summary>
    /// Symbolizes <paramref name="address"/>: among defined FUNC, OBJECT and NOTYPE symbols of the first
    /// SHT_SYMTAB section, prefers the one whose [value, value + size) contains the address (the highest
    /// such value, then the smallest size), otherwise the nearest symbol at or below it in the same section
    /// (the address must lie inside that symbol's section). Unnamed symbols, absolute symbols and AArch64
    /// mapping symbols ("$x", "$d") are skipped. An address outside every PT_LOAD segment of an image that has
    /// them is SymbolNotFound: it is no part of the program, so it is not "the end symbol + a large offset".
    /// </summary>
    public static ElfError FindSymbol(ReadOnlySpan<byte> image, scoped in ElfHeader header, ulong address, out ReadOnlySpan<byte> name, out ulong offsetInSymbol)
    {
        name = default;
        offsetInSymbol = 0;
        ElfError error = FindSymbolTable(image, header, out ReadOnlySpan<byte> symbols, out ReadOnlySpan<byte> strings);
        if (error != ElfError.Ok)
        {
            return error;
        }

        error = InLoadSegment(image, header, address, out bool loaded);
        if (error != ElfError.Ok || !loaded)
        {
            return error == ElfError.Ok ? ElfError.SymbolNotFound : error;
        }

        bool haveInside = false;
        ulong insideValue = 0;
        ulong insideSize = 0;
        ReadOnlySpan<byte> insideName = default;
        bool haveBelow = false;
        ulong belowValue = 0;
        byte belowType = 0;
        ReadOnlySpan<byte> belowName = default;

        int count = symbols.Length / SymbolSize;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> sym = symbols.Slice(i * SymbolSize, SymbolSize);
            byte type = (byte)(sym[4] & 0xF);
            ushort shndx = Bytes.U16(sym, 6);
            ulong value = Bytes.U64(sym, 8);
            ulong size = Bytes.U64(sym, 16);
            if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)
                || shndx == SHN_UNDEF || shndx == SHN_ABS || value > address)
            {
                continue;
            }

            bool inside = size != 0 && address - value < size;
            bool better = inside
                ? !haveInside || value > insideValue || (value == insideValue && size < insideSize)
                : !haveBelow || value > belowValue || (value == belowValue && belowType == STT_NOTYPE && type != STT_NOTYPE);
            if (!better || (!inside && !InSection(image, header, shndx, address)))
            {
                continue;
            }

            error = ReadString(strings, Bytes.U32(sym, 0), out ReadOnlySpan<byte> symName);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (symName.IsEmpty || symName[0] == (byte)'$')
            {
                continue;
            }

            if (inside)
            {
                haveInside = true;
                insideValue = value;
                insideSize = size;
                insideName = symName;
            }
            else
            {
                haveBelow = true;
                belowValue = value;
                belowType = type;
                belowName = symName;
            }
        }

        if (haveInside)
        {
            name = insideName;
            offsetInSymbol = address - insideValue;
            return ElfError.Ok;
        }

        if (haveBelow)
        {
            name = belowName;
            offsetInSymbol = address - belowValue;
            return ElfError.Ok;
        }

        return ElfError.SymbolNotFound;
    }

    /// <summary>
    /// Looks up a defined symbol (any type but SECTION and FILE) by exact name in the first SHT_SYMTAB
    /// section. A GLOBAL or WEAK match wins over a LOCAL one; otherwise the first match is returned.
    /// </summary>
    public static ElfError FindSymbolAddress(ReadOnlySpan<byte> image, scoped in ElfHeader header, ReadOnlySpan<byte> name, out ulong value, out ulong size)
    {
        value = 0;
        size = 0;
        ElfError error = FindSymbolTable(image, header, out ReadOnlySpan<byte> symbols, out ReadOnlySpan<byte> strings);
        if (error != ElfError.Ok)
        {
            return error;
        }

        bool found = false;
        int count = symbols.Length / SymbolSize;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> sym = symbols.Slice(i * SymbolSize, SymbolSize);
            byte type = (byte)(sym[4] & 0xF);
            byte bind = (byte)(sym[4] >> 4);
            if (type == STT_SECTION || type == STT_FILE || Bytes.U16(sym, 6) == SHN_UNDEF)
            {
                continue;
            }

            error = ReadString(strings, Bytes.U32(sym, 0), out ReadOnlySpan<byte> symName);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (!Bytes.Equal(symName, name) || (found && bind < STB_GLOBAL))
            {
                continue;
            }

            value = Bytes.U64(sym, 8);
            size = Bytes.U64(sym, 16);
            if (bind >= STB_GLOBAL)
            {
                return ElfError.Ok;
            }

            found = true;
        }

        return found ? ElfError.Ok : ElfError.SymbolNotFound;
    }

    /// <summary>
    /// Whether <paramref name="address"/> lies in a PT_LOAD segment with MemSize &gt; 0. An image without any (a
    /// relocatable object) has no load addresses: every address counts as loaded.
    /// </summary>
    public static ElfError InLoadSegment(ReadOnlySpan<byte> image, scoped in ElfHeader header, ulong address, out bool loaded)
    {
        loaded = false;
        bool anyLoad = false;
        for (int i = 0; i < header.PhNum; i++)
        {
            ElfError error = GetProgramHeader(image, header, i, out ProgramHeader ph);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (ph.Type == PT_LOAD && ph.MemSize != 0)
            {
                anyLoad = true;
                if (address >= ph.VAddr && address - ph.VAddr < ph.MemSize)
                {
                    loaded = true;
                    return ElfError.Ok;
                }
            }
        }

        loaded = !anyLoad;
        return ElfError.Ok;
    }

    // True when the address lies inside section shndx ([sh_addr, sh_addr + sh_size)); false for a reserved or unreadable index.
    private static bool InSection(ReadOnlySpan<byte> image, scoped in ElfHeader header, ushort shndx, ulong address) =>
        shndx < header.ShNum && GetSectionHeader(image, header, shndx, out SectionHeader section) == ElfError.Ok &&
        address >= section.Addr && address - section.Addr < section.Size;

    /// <summary>The first SHT_SYMTAB section's entries and its linked SHT_STRTAB, both checked.</summary>
    private static ElfError FindSymbolTable(ReadOnlySpan<byte> image, scoped in ElfHeader header, out ReadOnlySpan<byte> symbols, out ReadOnlySpan<byte> strings)
    {
        symbols = default;
        strings = default;
        for (int i = 0; i < header.ShNum; i++)
        {
            ElfError error = GetSectionHeader(image, header, i, out SectionHeader symtab);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (symtab.Type != SHT_SYMTAB)
            {
                continue;
            }

            if (symtab.EntSize != SymbolSize || symtab.Size % SymbolSize != 0
                || symtab.Link == 0 || symtab.Link >= header.ShNum)
            {
                return ElfError.BadSymbolTable;
            }

            error = GetSectionHeader(image, header, (int)symtab.Link, out SectionHeader strtab);
            if (error != ElfError.Ok)
            {
                return error;
            }

            if (strtab.Type != SHT_STRTAB)
            {
                return ElfError.BadSymbolTable;
            }

            error = GetSectionData(image, symtab, out symbols);
            if (error != ElfError.Ok)
            {
                return error;
            }

            return GetSectionData(image, strtab, out strings);
        }

        return ElfError.NoSymbolTable;
    }

    /// <summary>A one-sentence explanation of <paramref name="error"/>.</summary>
    public static string Describe(ElfError error) => error switch
    {
        ElfError.Ok => "ok",
        ElfError.TooSmall => "too small: the image is shorter than the 64-byte ELF64 header",
        ElfError.BadMagic => "bad magic: the image does not start with 0x7F 'E' 'L' 'F'",
        ElfError.NotElf64 => "not ELF64: EI_CLASS is not ELFCLASS64 (2)",
        ElfError.NotLittleEndian => "not little-endian: EI_DATA is not ELFDATA2LSB (1)",
        ElfError.BadVersion => "bad version: EI_VERSION or e_version is not EV_CURRENT (1)",
        ElfError.BadHeaderSize => "bad header size: e_ehsize is smaller than 64",
        ElfError.ExtendedNumbering => "extended numbering: e_phnum is PN_XNUM or e_shstrndx is SHN_XINDEX, which is not supported",
        ElfError.BadPhEntSize => "bad program header size: e_phentsize is not 56 although e_phnum is not 0",
        ElfError.BadShEntSize => "bad section header size: e_shentsize is not 64 although e_shnum is not 0",
        ElfError.PhTableOutOfBounds => "program header table out of bounds: e_phoff + e_phnum * 56 runs past the end of the image",
        ElfError.ShTableOutOfBounds => "section header table out of bounds: e_shoff + e_shnum * 64 runs past the end of the image",
        ElfError.BadShStrNdx => "bad e_shstrndx: the section-name table index is not below e_shnum",
        ElfError.IndexOutOfRange => "index out of range: the header or symbol index is negative or not below the table's entry count",
        ElfError.SegmentOutOfBounds => "segment out of bounds: a PT_LOAD segment's p_offset + p_filesz runs past the end of the image",
        ElfError.SegmentFileSizeExceedsMemSize => "segment file size exceeds memory size: a PT_LOAD segment has p_filesz > p_memsz",
        ElfError.SegmentAddressOverflow => "segment address overflow: a PT_LOAD segment's p_vaddr + p_memsz wraps past 2^64",
        ElfError.SectionOutOfBounds => "section out of bounds: a section's sh_offset + sh_size runs past the end of the image",
        ElfError.NoSectionNames => "no section names: e_shstrndx is SHN_UNDEF",
        ElfError.NameOutOfBounds => "name out of bounds: a name offset points past the end of its string table",
        ElfError.NameNotTerminated => "name not terminated: a name runs to the end of its string table without a NUL",
        ElfError.NoSymbolTable => "no symbol table: the image has no SHT_SYMTAB section (it may be stripped)",
        ElfError.BadSymbolTable => "bad symbol table: .symtab's sh_entsize is not 24, its size is not a multiple of 24, or sh_link is not a string table",
        ElfError.SymbolNotFound => "symbol not found: no defined symbol matches",
        ElfError.SectionNotFound => "section not found: no section has that name",
        ElfError.NoLoadSegments => "no load segments: the image has no PT_LOAD segment with p_memsz > 0",
        _ => "unknown ELF error value",
    };
}
