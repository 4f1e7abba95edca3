// ELF reader compared with GNU readelf on real files: /usr/bin/ls, a gcc-built program, and AArch64 object and executable.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Smos.Formats.Tests;

public class ElfReadelfTests : IClassFixture<ElfSamples>
{
    private readonly ElfSamples _samples;

    public ElfReadelfTests(ElfSamples samples) => _samples = samples;

    public static TheoryData<string> Files => new() { "ls", "prog", "aarch64-exe", "aarch64-obj" };

    [Theory]
    [MemberData(nameof(Files))]
    public void HeaderSegmentsAndSections_MatchReadelf(string which)
    {
        string path = PathOf(which);
        byte[] image = File.ReadAllBytes(path);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));

        Dictionary<string, string> re = ReadElf.Header(path);
        Assert.Equal(ReadElf.Hex(re["Entry point address"]), h.Entry);
        Assert.Equal(ReadElf.Leading(re["Start of program headers"]), h.PhOff);
        Assert.Equal(ReadElf.Leading(re["Start of section headers"]), h.ShOff);
        Assert.Equal(ReadElf.Leading(re["Number of program headers"]), h.PhNum);
        Assert.Equal(ReadElf.Leading(re["Number of section headers"]), h.ShNum);
        Assert.Equal(ReadElf.Leading(re["Section header string table index"]), h.ShStrNdx);
        Assert.Equal(ReadElf.Hex(re["Flags"].Split(',')[0]), h.Flags);
        string type = re["Type"].Split(' ')[0];
        Assert.Equal(type switch { "REL" => Elf.ET_REL, "EXEC" => Elf.ET_EXEC, "DYN" => Elf.ET_DYN, _ => (ushort)0xFFFF }, h.Type);
        Assert.Equal(re["Machine"] == "AArch64" ? Elf.EM_AARCH64 : Elf.EM_X86_64, h.Machine);

        List<ReadElfSegment> segments = ReadElf.Segments(path);
        Assert.Equal(h.PhNum, segments.Count);
        for (int i = 0; i < h.PhNum; i++)
        {
            Assert.Equal(ElfError.Ok, Elf.GetProgramHeader(image, h, i, out ProgramHeader ph));
            ReadElfSegment s = segments[i];
            if (s.Type is uint t)
            {
                Assert.Equal(t, ph.Type);
            }

            Assert.Equal((s.Offset, s.VAddr, s.PAddr, s.FileSize, s.MemSize, s.Flags, s.Align),
                (ph.Offset, ph.VAddr, ph.PAddr, ph.FileSize, ph.MemSize, ph.Flags, ph.Align));
        }

        var loads = segments.Where(s => s.Type == Elf.PT_LOAD && s.MemSize > 0).ToList();
        ElfError bounds = Elf.GetLoadBounds(image, h, out ulong low, out ulong high);
        if (loads.Count == 0)
        {
            Assert.Equal(ElfError.NoLoadSegments, bounds);
        }
        else
        {
            Assert.Equal(ElfError.Ok, bounds);
            Assert.Equal(loads.Min(s => s.VAddr), low);
            Assert.Equal(loads.Max(s => s.VAddr + s.MemSize), high);
        }

        List<ReadElfSection> sections = ReadElf.Sections(path);
        Assert.Equal(h.ShNum - 1, sections.Count);
        foreach (ReadElfSection s in sections)
        {
            Assert.Equal(ElfError.Ok, Elf.GetSectionHeader(image, h, s.Index, out SectionHeader sh));
            Assert.Equal(ElfError.Ok, Elf.GetSectionName(image, h, sh, out ReadOnlySpan<byte> name));
            Assert.Equal(s.Name, Encoding.ASCII.GetString(name));
            if (s.Type is uint t)
            {
                Assert.Equal(t, sh.Type);
            }

            Assert.Equal((s.Addr, s.Offset, s.Size), (sh.Addr, sh.Offset, sh.Size));
        }

        ReadElfSection text = sections.First(s => s.Name == ".text");
        Assert.Equal(ElfError.Ok, Elf.FindSection(image, h, ".text"u8, out SectionHeader found));
        Assert.Equal(text.Offset, found.Offset);
        Assert.Equal(ElfError.SectionNotFound, Elf.FindSection(image, h, ".no-such-section"u8, out _));
    }

    [Fact]
    public void StrippedSystemBinary_HasNoSymbolTable()
    {
        byte[] image = File.ReadAllBytes(ElfSamples.SystemBinaryPath);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        bool hasSymtab = ReadElf.Sections(ElfSamples.SystemBinaryPath).Any(s => s.Type == Elf.SHT_SYMTAB);
        ElfError e = Elf.FindSymbol(image, h, h.Entry, out _, out _);
        Assert.Equal(hasSymtab ? ElfError.Ok : ElfError.NoSymbolTable, e);
    }

    [Fact]
    public void AArch64Executable_SymbolLookups()
    {
        byte[] image = _samples.AArch64Executable;
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        Assert.Equal(Elf.EM_AARCH64, h.Machine);
        Dictionary<string, ReadElfSymbol> syms = ReadElf.Symbols(_samples.AArch64ExecutablePath)
            .Where(s => s.Name.Length > 0).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First());

        foreach (string name in new[] { "_start", "helper", "private_fn", "counter", "buffer", "_end" })
        {
            Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, h, Encoding.ASCII.GetBytes(name), out ulong value, out ulong size));
            Assert.Equal((syms[name].Value, syms[name].Size), (value, size));
        }

        Assert.Equal(syms["_start"].Value, h.Entry);
        AssertSymbol(image, h, syms["_start"].Value, "_start", 0);
        AssertSymbol(image, h, syms["_start"].Value + 4, "_start", 4);
        AssertSymbol(image, h, syms["helper"].Value + 8, "helper", 8);
        AssertSymbol(image, h, syms["private_fn"].Value + 4, "private_fn", 4);
        AssertSymbol(image, h, syms["counter"].Value + 7, "counter", 7);
        AssertSymbol(image, h, syms["buffer"].Value, "buffer", 0);
        AssertSymbol(image, h, syms["buffer"].Value + 8191, "buffer", 8191);
        AssertSymbol(image, h, syms["_end"].Value - 1, "buffer", 8191);
        Assert.Equal(ElfError.SymbolNotFound, Elf.FindSymbol(image, h, 0x1000, out _, out _));
        Assert.Equal(ElfError.SymbolNotFound, Elf.FindSymbolAddress(image, h, "missing"u8, out _, out _));
    }

    [Fact]
    public void AArch64Executable_AnAddressOutsideEveryLoadSegmentIsNotSymbolized()
    {
        // Past the end of the last segment (where _end, _bss_end__ and friends are the nearest symbols below) and in
        // the gap between the code and data segments, there is no program: no "symbol + a large offset".
        byte[] image = _samples.AArch64Executable;
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, h, "_end"u8, out ulong end, out _));
        List<ReadElfSegment> loads = ReadElf.Segments(_samples.AArch64ExecutablePath).Where(s => s.Type == Elf.PT_LOAD).OrderBy(s => s.VAddr).ToList();
        Assert.True(loads.Count >= 2, "expected a code and a data segment");
        ulong codeEnd = loads[0].VAddr + loads[0].MemSize;
        Assert.True(codeEnd < loads[1].VAddr, "expected a gap between the segments");
        foreach (ulong address in new[] { end, end + 0x10, end + 0x10_0000, codeEnd, loads[1].VAddr - 1, ulong.MaxValue })
        {
            Assert.Equal(ElfError.SymbolNotFound, Elf.FindSymbol(image, h, address, out ReadOnlySpan<byte> name, out ulong offset));
            Assert.True(name.IsEmpty && offset == 0);
            Assert.Equal(ElfError.Ok, Elf.InLoadSegment(image, h, address, out bool loaded));
            Assert.False(loaded);
        }

        Assert.Equal(ElfError.Ok, Elf.InLoadSegment(image, h, h.Entry, out bool entryLoaded));
        Assert.True(entryLoaded);
        AssertSymbol(image, h, codeEnd - 4, "private_fn", 8); // the last instruction of the code segment
    }

    [Fact]
    public void AArch64Object_SectionRelativeSymbols()
    {
        byte[] image = _samples.AArch64Object;
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        Assert.Equal((Elf.ET_REL, (ushort)0), (h.Type, h.PhNum));
        ReadElfSymbol helper = ReadElf.Symbols(_samples.AArch64ObjectPath).Single(s => s.Name == "helper");
        Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, h, "helper"u8, out ulong value, out ulong size));
        Assert.Equal((helper.Value, helper.Size), (value, size));
        AssertSymbol(image, h, helper.Value + 4, "helper", 4);
    }

    [Fact]
    public void HostProgram_EverySymbolAgreesWithReadelf()
    {
        byte[] image = _samples.HostProgram;
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        List<ReadElfSymbol> all = ReadElf.Symbols(_samples.HostProgramPath);
        var defined = all.Where(s => (s.Type is "FUNC" or "OBJECT") && s.Ndx is not ("UND" or "ABS") && s.Name.Length > 0).ToList();
        Assert.Contains(defined, s => s.Name == "compute");
        Assert.Contains(defined, s => s.Name == "helper");

        int checkedCount = 0;
        foreach (ReadElfSymbol s in defined.Where(s => all.Count(o => o.Name == s.Name) == 1))
        {
            Assert.Equal(ElfError.Ok, Elf.FindSymbolAddress(image, h, Encoding.ASCII.GetBytes(s.Name), out ulong value, out ulong size));
            Assert.Equal((s.Value, s.Size), (value, size));
            checkedCount++;
        }

        foreach (ReadElfSymbol s in defined.Where(s => s.Type == "FUNC" && s.Size > 0))
        {
            ulong address = s.Value + (s.Size / 2);
            Assert.Equal(ElfError.Ok, Elf.FindSymbol(image, h, address, out ReadOnlySpan<byte> name, out ulong offset));
            string found = Encoding.ASCII.GetString(name);
            Assert.Contains(all, o => o.Name == found && o.Value == address - offset && address - o.Value < o.Size && o.Value >= s.Value);
        }

        Assert.True(checkedCount >= 4, "too few symbols checked: " + checkedCount);
    }

    private static void AssertSymbol(byte[] image, ElfHeader h, ulong address, string expected, ulong expectedOffset)
    {
        Assert.Equal(ElfError.Ok, Elf.FindSymbol(image, h, address, out ReadOnlySpan<byte> name, out ulong offset));
        Assert.Equal((expected, expectedOffset), (Encoding.ASCII.GetString(name), offset));
    }

    private string PathOf(string which) => which switch
    {
        "ls" => ElfSamples.SystemBinaryPath,
        "prog" => _samples.HostProgramPath,
        "aarch64-exe" => _samples.AArch64ExecutablePath,
        _ => _samples.AArch64ObjectPath,
    };
}
