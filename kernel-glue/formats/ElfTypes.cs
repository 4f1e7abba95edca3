// ELF64 data types: the error enum, header structs and the constants the loader and symbolizer use.
using System;

namespace Smos.Formats;

/// <summary>Outcome of an ELF operation. Every failure of the ELF reader is one of these values.</summary>
public enum ElfError
{
    Ok = 0,
    TooSmall,
    BadMagic,
    NotElf64,
    NotLittleEndian,
    BadVersion,
    BadHeaderSize,
    ExtendedNumbering,
    BadPhEntSize,
    BadShEntSize,
    PhTableOutOfBounds,
    ShTableOutOfBounds,
    BadShStrNdx,
    IndexOutOfRange,
    SegmentOutOfBounds,
    SegmentFileSizeExceedsMemSize,
    SegmentAddressOverflow,
    SectionOutOfBounds,
    NoSectionNames,
    NameOutOfBounds,
    NameNotTerminated,
    NoSymbolTable,
    BadSymbolTable,
    SymbolNotFound,
    SectionNotFound,
    NoLoadSegments,
}

/// <summary>The ELF64 file header fields this project uses (e_*).</summary>
public struct ElfHeader
{
    public ushort Type;
    public ushort Machine;
    public ulong Entry;
    public ulong PhOff;
    public ulong ShOff;
    public ushort PhNum;
    public ushort ShNum;
    public ushort ShStrNdx;
    public uint Flags;
}

/// <summary>An ELF64 program header (p_*).</summary>
public struct ProgramHeader
{
    public uint Type;
    public uint Flags;
    public ulong Offset;
    public ulong VAddr;
    public ulong PAddr;
    public ulong FileSize;
    public ulong MemSize;
    public ulong Align;

    public readonly bool IsLoad => Type == Elf.PT_LOAD;

    public readonly bool IsExecutable => (Flags & Elf.PF_X) != 0;

    public readonly bool IsWritable => (Flags & Elf.PF_W) != 0;

    public readonly bool IsReadable => (Flags & Elf.PF_R) != 0;
}

/// <summary>An ELF64 section header (sh_*). <see cref="NameOffset"/> indexes the section-name string table.</summary>
public struct SectionHeader
{
    public uint NameOffset;
    public uint Type;
    public ulong Flags;
    public ulong Addr;
    public ulong Offset;
    public ulong Size;
    public uint Link;
    public uint Info;
    public ulong AddrAlign;
    public ulong EntSize;

    /// <summary>True when the section occupies bytes in the file (not SHT_NULL or SHT_NOBITS).</summary>
    public readonly bool HasFileData => Type != Elf.SHT_NULL && Type != Elf.SHT_NOBITS;
}
