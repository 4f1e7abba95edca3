// ELF reader on malformed input: truncation at every offset, corrupted header fields and segments, each with its precise error.
using System;
using System.Buffers.Binary;
using System.Linq;
using Xunit;

namespace Smos.Formats.Tests;

public class ElfMalformedTests : IClassFixture<ElfSamples>
{
    private readonly byte[] _exe;

    public ElfMalformedTests(ElfSamples samples) => _exe = samples.AArch64Executable;

    [Fact]
    public void TruncatedAtEveryOffset_GivesPreciseHeaderErrors()
    {
        Assert.Equal(ElfError.Ok, Elf.Parse(_exe, out ElfHeader full));
        ulong phEnd = full.PhOff + ((ulong)full.PhNum * 56);
        ulong shEnd = full.ShOff + ((ulong)full.ShNum * 64);
        for (int p = 0; p <= _exe.Length; p++)
        {
            byte[] prefix = _exe[..p];
            ElfError expected = p < 64 ? ElfError.TooSmall
                : (ulong)p < phEnd ? ElfError.PhTableOutOfBounds
                : (ulong)p < shEnd ? ElfError.ShTableOutOfBounds
                : ElfError.Ok;
            Assert.True(expected == Elf.Parse(prefix, out _), $"prefix {p}");
            ElfExercise.Run(prefix);
        }
    }

    [Fact]
    public void TruncatedWithoutSectionTable_SegmentsOutOfBounds()
    {
        byte[] image = (byte[])_exe.Clone();
        Put64(image, 40, 0);
        Put16(image, 60, 0);
        Put16(image, 62, 0);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader full));
        Assert.Equal(ElfError.Ok, Elf.GetProgramHeader(image, full, 1, out ProgramHeader data));
        for (int p = 64 + (2 * 56); p <= image.Length; p++)
        {
            byte[] prefix = image[..p];
            Assert.Equal(ElfError.Ok, Elf.Parse(prefix, out ElfHeader h));
            ElfError expected = (ulong)p < data.Offset + data.FileSize ? ElfError.SegmentOutOfBounds : ElfError.Ok;
            Assert.Equal(expected, Elf.GetProgramHeader(prefix, h, 1, out _));
            Assert.Equal(expected, Elf.GetLoadBounds(prefix, h, out _, out _));
            Assert.Equal(ElfError.NoSymbolTable, Elf.FindSymbol(prefix, h, h.Entry, out _, out _));
            Assert.Equal(ElfError.NoSectionNames, Elf.GetSectionName(prefix, h, default, out _));
        }
    }

    [Theory]
    [InlineData(0, 0x7E, ElfError.BadMagic)]
    [InlineData(3, (byte)'f', ElfError.BadMagic)]
    [InlineData(4, 1, ElfError.NotElf64)]
    [InlineData(4, 0, ElfError.NotElf64)]
    [InlineData(5, 2, ElfError.NotLittleEndian)]
    [InlineData(6, 0, ElfError.BadVersion)]
    [InlineData(20, 2, ElfError.BadVersion)]
    [InlineData(52, 40, ElfError.BadHeaderSize)]
    [InlineData(54, 32, ElfError.BadPhEntSize)]
    [InlineData(58, 40, ElfError.BadShEntSize)]
    public void CorruptedIdentOrHeaderByte(int offset, byte value, ElfError expected)
    {
        byte[] image = (byte[])_exe.Clone();
        image[offset] = value;
        Assert.Equal(expected, Elf.Parse(image, out _));
    }

    [Fact]
    public void HeaderTableBounds()
    {
        Assert.Equal(ElfError.PhTableOutOfBounds, With(i => Put64(i, 32, (ulong)i.Length)));
        Assert.Equal(ElfError.PhTableOutOfBounds, With(i => Put64(i, 32, ulong.MaxValue - 10)));
        Assert.Equal(ElfError.PhTableOutOfBounds, With(i => Put16(i, 56, 0xFFF0)));
        Assert.Equal(ElfError.ExtendedNumbering, With(i => Put16(i, 56, Elf.PN_XNUM)));
        Assert.Equal(ElfError.ShTableOutOfBounds, With(i => Put64(i, 40, ulong.MaxValue - 63)));
        Assert.Equal(ElfError.ShTableOutOfBounds, With(i => Put16(i, 60, 0xFF00)));
        Assert.Equal(ElfError.BadShStrNdx, With(i => Put16(i, 62, 7)));
        Assert.Equal(ElfError.ExtendedNumbering, With(i => Put16(i, 62, Elf.SHN_XINDEX)));
        Assert.Equal(ElfError.Ok, With(i => { Put16(i, 54, 0); Put16(i, 56, 0); }));
    }

    [Fact]
    public void SegmentValidation()
    {
        Assert.Equal(ElfError.Ok, Elf.Parse(_exe, out ElfHeader h));
        int ph1 = (int)h.PhOff + 56;
        Assert.Equal(ElfError.SegmentFileSizeExceedsMemSize, Segment(i => Put64(i, ph1 + 40, 7)));
        Assert.Equal(ElfError.SegmentOutOfBounds, Segment(i => Put64(i, ph1 + 8, (ulong)i.Length)));
        Assert.Equal(ElfError.SegmentOutOfBounds, Segment(i => Put64(i, ph1 + 8, ulong.MaxValue - 4)));
        Assert.Equal(ElfError.SegmentOutOfBounds, Segment(i => Put64(i, ph1 + 32, 0x10000)));
        Assert.Equal(ElfError.SegmentAddressOverflow, Segment(i => Put64(i, ph1 + 16, ulong.MaxValue - 0x1000)));
        Assert.Equal(ElfError.Ok, Segment(i => { Put64(i, ph1 + 8, ulong.MaxValue); Put64(i, ph1 + 32, 0); }));

        // Only PT_LOAD is checked: a PT_NOTE with a wild offset is reported as read.
        Assert.Equal(ElfError.Ok, Segment(i => { Put32(i, ph1, Elf.PT_NOTE); Put64(i, ph1 + 8, ulong.MaxValue); }));
        Assert.Equal(ElfError.IndexOutOfRange, Elf.GetProgramHeader(_exe, h, -1, out _));
        Assert.Equal(ElfError.IndexOutOfRange, Elf.GetProgramHeader(_exe, h, h.PhNum, out _));

        ElfHeader forged = h;
        forged.PhOff = (ulong)_exe.Length - 60;
        Assert.Equal(ElfError.PhTableOutOfBounds, Elf.GetProgramHeader(_exe, forged, 1, out _));
    }

    [Fact]
    public void SectionAndSymbolValidation()
    {
        Assert.Equal(ElfError.Ok, Elf.Parse(_exe, out ElfHeader h));
        int symtab = Enumerable.Range(0, h.ShNum).First(i => Elf.GetSectionHeader(_exe, h, i, out SectionHeader s) == ElfError.Ok && s.Type == Elf.SHT_SYMTAB);
        int sh = (int)h.ShOff + (symtab * 64);
        int shstr = (int)h.ShOff + (h.ShStrNdx * 64);

        Assert.Equal(ElfError.SectionOutOfBounds, Sym(i => Put64(i, sh + 24, (ulong)i.Length)));
        Assert.Equal(ElfError.SectionOutOfBounds, Sym(i => Put64(i, sh + 32, ulong.MaxValue)));
        Assert.Equal(ElfError.BadSymbolTable, Sym(i => Put64(i, sh + 56, 16)));
        Assert.Equal(ElfError.BadSymbolTable, Sym(i => Put64(i, sh + 32, 25)));
        Assert.Equal(ElfError.BadSymbolTable, Sym(i => Put32(i, sh + 40, 0)));
        Assert.Equal(ElfError.BadSymbolTable, Sym(i => Put32(i, sh + 40, 99)));
        Assert.Equal(ElfError.BadSymbolTable, Sym(i => Put32(i, sh + 40, 1)));
        Assert.Equal(ElfError.NoSymbolTable, Sym(i => Put32(i, sh + 4, Elf.SHT_PROGBITS)));
        Assert.Equal(ElfError.NameOutOfBounds, Name(i => Put32(i, (int)h.ShOff + 64, 0x7FFFFFFF)));
        Assert.Equal(ElfError.NameNotTerminated, Name(i =>
        {
            ulong off = BinaryPrimitives.ReadUInt64LittleEndian(i.AsSpan(shstr + 24));
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(i.AsSpan(shstr + 32));
            i[(int)(off + size - 1)] = (byte)'x';
            Put32(i, (int)h.ShOff + 64, (uint)size - 1);
        }));
        Assert.Equal(ElfError.IndexOutOfRange, Elf.GetSectionHeader(_exe, h, h.ShNum, out _));

        ElfHeader noNames = h;
        noNames.ShStrNdx = 0;
        Assert.Equal(ElfError.NoSectionNames, Elf.FindSection(_exe, noNames, ".text"u8, out _));
    }

    [Fact]
    public void Describe_IsDistinctForEveryValue()
    {
        string[] messages = Enum.GetValues<ElfError>().Select(Elf.Describe).ToArray();
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(messages.Length, messages.Distinct().Count());
        Assert.StartsWith("unknown", Elf.Describe((ElfError)999), StringComparison.Ordinal);
    }

    private ElfError With(Action<byte[]> patch)
    {
        byte[] image = (byte[])_exe.Clone();
        patch(image);
        return Elf.Parse(image, out _);
    }

    private ElfError Segment(Action<byte[]> patch)
    {
        byte[] image = (byte[])_exe.Clone();
        patch(image);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        ElfError e = Elf.GetProgramHeader(image, h, 1, out _);
        Assert.Equal(e, Elf.GetLoadBounds(image, h, out _, out _));
        return e;
    }

    private ElfError Sym(Action<byte[]> patch)
    {
        byte[] image = (byte[])_exe.Clone();
        patch(image);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        ElfError a = Elf.FindSymbol(image, h, h.Entry, out _, out _);
        Assert.Equal(a, Elf.FindSymbolAddress(image, h, "helper"u8, out _, out _));
        return a;
    }

    private ElfError Name(Action<byte[]> patch)
    {
        byte[] image = (byte[])_exe.Clone();
        patch(image);
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader h));
        Assert.Equal(ElfError.Ok, Elf.GetSectionHeader(image, h, 1, out SectionHeader s));
        return Elf.GetSectionName(image, h, s, out _);
    }

    private static void Put16(byte[] b, int o, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(o), v);

    private static void Put32(byte[] b, int o, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(o), v);

    private static void Put64(byte[] b, int o, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(o), v);
}
