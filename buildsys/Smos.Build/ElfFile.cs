// Host-side ELF helpers on top of Smos.Formats: loaded size, a named section's bytes, symbol lookup.
using System;
using System.IO;
using System.Text;
using Smos.Formats;

namespace Smos.Build;

/// <summary>An ELF file read into memory and parsed, with errors turned into <see cref="BuildsysException"/>s.</summary>
internal sealed class ElfFile
{
    private readonly byte[] _image;
    private readonly ElfHeader _header;

    public ElfFile(string path, byte[] image)
    {
        Path = path;
        _image = image;
        ElfError error = Elf.Parse(image, out _header);
        if (error != ElfError.Ok)
        {
            throw new BuildsysException($"{path}: not a valid ELF64 file: {Elf.Describe(error)}");
        }
    }

    public string Path { get; }

    public long FileSize => _image.Length;

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    public static ElfFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BuildsysException($"{path}: no such file");
        }

        return new ElfFile(path, File.ReadAllBytes(path));
    }

    /// <summary>The sum of MemSize over PT_LOAD program headers: the bytes this ELF occupies in memory.</summary>
    public ulong LoadedBytes()
    {
        ulong total = 0;
        for (int i = 0; i < _header.PhNum; i++)
        {
            Check(Elf.GetProgramHeader(_image, _header, i, out ProgramHeader ph));
            if (ph.Type == Elf.PT_LOAD)
            {
                total += ph.MemSize;
            }
        }

        return total;
    }

    /// <summary>The lowest and the end (exclusive) address of the PT_LOAD segments (both 0 when there is none).</summary>
    public (ulong Start, ulong End) LoadedRange()
    {
        ulong start = ulong.MaxValue;
        ulong end = 0;
        for (int i = 0; i < _header.PhNum; i++)
        {
            Check(Elf.GetProgramHeader(_image, _header, i, out ProgramHeader ph));
            if (ph.Type == Elf.PT_LOAD && ph.MemSize != 0)
            {
                start = Math.Min(start, ph.VAddr);
                end = Math.Max(end, ph.VAddr + ph.MemSize);
            }
        }

        return end == 0 ? (0, 0) : (start, end);
    }

    /// <summary>The file bytes of section <paramref name="name"/>, or null when there is no such section.</summary>
    public byte[]? SectionBytes(string name)
    {
        ElfError error = Elf.FindSection(_image, _header, Encoding.ASCII.GetBytes(name), out SectionHeader section);
        if (error == ElfError.SectionNotFound)
        {
            return null;
        }

        Check(error);
        Check(Elf.GetSectionData(_image, section, out ReadOnlySpan<byte> data));
        return data.ToArray();
    }

    /// <summary>True when <paramref name="address"/> lies in one of the PT_LOAD segments.</summary>
    public bool Contains(ulong address)
    {
        for (int i = 0; i < _header.PhNum; i++)
        {
            if (Elf.GetProgramHeader(_image, _header, i, out ProgramHeader ph) == ElfError.Ok
                && ph.Type == Elf.PT_LOAD && address >= ph.VAddr && address - ph.VAddr < ph.MemSize)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"symbol+0xoff" for a code address, or null when the symbol table has nothing for it.</summary>
    public string? Symbolize(ulong address)
    {
        if (Elf.FindSymbol(_image, _header, address, out ReadOnlySpan<byte> name, out ulong offset) != ElfError.Ok)
        {
            return null;
        }

        return $"{Encoding.UTF8.GetString(name)}+0x{offset:x}";
    }

    private void Check(ElfError error)
    {
        if (error != ElfError.Ok)
        {
            throw new BuildsysException($"{Path}: {Elf.Describe(error)}");
        }
    }
}
