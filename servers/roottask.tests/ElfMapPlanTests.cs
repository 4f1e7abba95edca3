// Tests of the per-page ELF load plan on executables built with GNU as/ld, malformed variants, and the real root task.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Smos.Formats;
using Smos.RootTask.Resources;
using Xunit;

namespace Smos.RootTask.Tests;

public class ElfMapPlanTests
{
    private const ulong Page = 4096;

    /// <summary>Every page of the plan, checked against the segments readelf reports.</summary>
    private static List<PlannedPage> CheckPlan(byte[] image, IReadOnlyList<LoadSegment> segments)
    {
        Assert.Equal(ElfMapError.Ok, ElfMapPlan.Count(image, out int count));
        Assert.Equal(ElfError.Ok, Elf.Parse(image, out ElfHeader header));
        var pages = new List<PlannedPage>();
        int index = 0;
        foreach (LoadSegment s in segments)
        {
            ulong start = s.VAddr & ~(Page - 1);
            ulong end = (s.VAddr + s.MemSize + Page - 1) & ~(Page - 1);
            bool exec = s.Flags.Contains('E', StringComparison.Ordinal);
            bool write = s.Flags.Contains('W', StringComparison.Ordinal);
            for (ulong v = start; v < end; v += Page, index++)
            {
                Assert.Equal(ElfMapError.Ok, ElfMapPlan.GetPage(image, index, out PlannedPage p));
                Assert.Equal(ElfMapError.Ok, ElfMapPlan.GetPage(image, header, index, out PlannedPage same)); // no validation
                Assert.Equal(p, same);
                Assert.Equal(v, p.VAddr);
                Assert.Equal(exec, p.Executable);
                Assert.Equal(write, p.Writable);
                Assert.Equal(write ? 3UL : 2UL, p.Rights);
                Assert.Equal(exec ? 1UL : 5UL, p.Attributes);

                ulong lo = Math.Max(v, s.VAddr);
                ulong hi = Math.Min(v + Page, s.VAddr + s.FileSize);
                Assert.Equal(hi > lo ? hi - lo : 0, p.FileLength);
                if (hi > lo)
                {
                    Assert.Equal(s.Offset + (lo - s.VAddr), p.FileOffset);
                    Assert.Equal(lo - v, p.OffsetInPage);
                }

                pages.Add(p);
            }
        }

        Assert.Equal(index, count);
        var all = new PlannedPage[count];
        Assert.Equal(ElfMapError.Ok, ElfMapPlan.GetPages(image, header, all)); // segment by segment: the same pages
        Assert.Equal(pages, all);
        Assert.Equal(ElfMapError.TooManyPages, ElfMapPlan.GetPages(image, header, new PlannedPage[count - 1]));
        Assert.Equal(ElfMapError.PageIndexOutOfRange, ElfMapPlan.GetPage(image, count, out _));
        Assert.Equal(ElfMapError.PageIndexOutOfRange, ElfMapPlan.GetPage(image, -1, out _));
        Assert.Equal(ElfMapError.PageIndexOutOfRange, ElfMapPlan.GetPage(image, header, count, out _));
        Assert.Equal(ElfMapError.PageIndexOutOfRange, ElfMapPlan.GetPage(image, header, -1, out _));
        return pages;
    }

    /// <summary>What memory holds after loading by the plan: page vaddr -> 4 KiB.</summary>
    private static Dictionary<ulong, byte[]> Load(byte[] image, List<PlannedPage> plan)
    {
        var memory = new Dictionary<ulong, byte[]>();
        foreach (PlannedPage p in plan)
        {
            byte[] frame = new byte[Page];
            image.AsSpan((int)p.FileOffset, (int)p.FileLength).CopyTo(frame.AsSpan((int)p.OffsetInPage));
            memory.Add(p.VAddr, frame);
        }

        return memory;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0x10)]
    public void TwoSegmentExecutableIsPlannedPageByPage(int dataShift)
    {
        BuiltElf elf = ElfFixtures.Get(dataShift);
        Assert.Equal(2, elf.Segments.Count);
        Assert.Equal("RE", elf.Segments[0].Flags);
        Assert.Equal("RW", elf.Segments[1].Flags);
        Assert.Equal(0x400000UL, elf.Segments[0].VAddr);
        Assert.True(elf.Segments[1].MemSize > elf.Segments[1].FileSize + 9000, "data has .bss");

        List<PlannedPage> plan = CheckPlan(elf.Image, elf.Segments);
        Assert.Equal(2 + 3, plan.Count); // 5.2 KB of code; 108 bytes of data + 10000 of .bss
        Dictionary<ulong, byte[]> memory = Load(elf.Image, plan);

        // The data marker and the first instruction are where the symbols say; .bss and the page head are zero.
        byte[] dataPage = memory[elf.Marker & ~(Page - 1)];
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64LittleEndian(dataPage.AsSpan((int)(elf.Marker % Page))));
        Assert.Equal((byte)0xab, dataPage[(int)(elf.Marker % Page) + 8]);
        Assert.All(dataPage[..(int)(elf.Marker % Page)], b => Assert.Equal(0, b));
        Assert.All(memory[elf.Segments[1].VAddr + Page - (elf.Segments[1].VAddr % Page)], b => Assert.Equal(0, b));
        Assert.Equal(elf.Image.AsSpan((int)elf.Segments[0].Offset, 8).ToArray(), memory[0x400000][..8]);
    }

    [FactIfRepoFile("out/roottask.elf", "build it with `./smos build`")]
    public void TheRealRootTaskIsPlanned()
    {
        string path = ElfFixtures.RepoFile("out/roottask.elf")!;
        byte[] image = File.ReadAllBytes(path);
        List<LoadSegment> segments = ElfFixtures.ReadLoadSegments(path);
        List<PlannedPage> plan = CheckPlan(image, segments);
        Assert.Contains(plan, p => p.Executable && !p.Writable && p.VAddr == 0x400000);
        Assert.Contains(plan, p => p.Writable && !p.Executable && p.FileLength == 0); // .bss, stack and heap
    }

    public enum Mutation
    {
        WritableText,
        TextFlagsNone,
        DataOverlapsText,
        DataSharesTextPage,
        DataMisaligned,
        DataAboveUserTop,
        DataFileSizeExceedsMemSize,
        TruncatedProgramHeaders,
        SharedObject,
        X86,
        Interpreter,
        NoLoadSegments,
        EntryInData,
    }

    [Theory]
    [InlineData(Mutation.WritableText, ElfMapError.WritableAndExecutable, ElfError.Ok)]
    [InlineData(Mutation.TextFlagsNone, ElfMapError.SegmentWithoutAccess, ElfError.Ok)]
    [InlineData(Mutation.DataOverlapsText, ElfMapError.SegmentsOverlap, ElfError.Ok)]
    [InlineData(Mutation.DataSharesTextPage, ElfMapError.SegmentsSharePage, ElfError.Ok)]
    [InlineData(Mutation.DataMisaligned, ElfMapError.MisalignedSegment, ElfError.Ok)]
    [InlineData(Mutation.DataAboveUserTop, ElfMapError.AboveUserTop, ElfError.Ok)]
    [InlineData(Mutation.DataFileSizeExceedsMemSize, ElfMapError.BadElf, ElfError.SegmentFileSizeExceedsMemSize)]
    [InlineData(Mutation.TruncatedProgramHeaders, ElfMapError.BadElf, ElfError.PhTableOutOfBounds)]
    [InlineData(Mutation.SharedObject, ElfMapError.NotExecutable, ElfError.Ok)]
    [InlineData(Mutation.X86, ElfMapError.WrongMachine, ElfError.Ok)]
    [InlineData(Mutation.Interpreter, ElfMapError.NeedsInterpreter, ElfError.Ok)]
    [InlineData(Mutation.NoLoadSegments, ElfMapError.NoLoadSegments, ElfError.Ok)]
    [InlineData(Mutation.EntryInData, ElfMapError.EntryNotExecutable, ElfError.Ok)]
    public void MalformedImagesGetPreciseErrors(Mutation mutation, ElfMapError expected, ElfError expectedElf)
    {
        BuiltElf elf = ElfFixtures.Get(0);
        byte[] image = Mutate(elf, mutation);
        Assert.Equal(expected, ElfMapPlan.Validate(image, out ElfError elfError, out int segment));
        Assert.Equal(expectedElf, elfError);
        if (mutation == Mutation.DataFileSizeExceedsMemSize)
        {
            Assert.Equal(1, segment);
        }

        Assert.Equal(expected, ElfMapPlan.Count(image, out int pages));
        Assert.Equal(0, pages);
        Assert.Equal(expected, ElfMapPlan.GetPage(image, 0, out PlannedPage p));
        Assert.Equal(default, p);
        Assert.NotEqual("unknown ELF map error value", ElfMapPlan.Describe(expected));
    }

    [Fact]
    public void EveryErrorHasItsOwnDescription()
    {
        var seen = new HashSet<string>();
        foreach (ElfMapError e in Enum.GetValues<ElfMapError>())
        {
            Assert.True(seen.Add(ElfMapPlan.Describe(e)), e.ToString());
        }
    }

    [Fact]
    public void GarbageIsBadElf()
    {
        Assert.Equal(ElfMapError.BadElf, ElfMapPlan.Validate(new byte[10], out ElfError e, out _));
        Assert.Equal(ElfError.TooSmall, e);
        Assert.Equal(ElfMapError.BadElf, ElfMapPlan.Count(new byte[100], out _));
    }

    private static byte[] Mutate(BuiltElf elf, Mutation mutation)
    {
        byte[] image = (byte[])elf.Image.Clone();
        int phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(32));
        int text = phoff;
        int data = phoff + 56;
        LoadSegment t = elf.Segments[0];
        LoadSegment d = elf.Segments[1];
        switch (mutation)
        {
            case Mutation.WritableText:
                PutU32(image, text + 4, 7);
                break;
            case Mutation.TextFlagsNone:
                PutU32(image, text + 4, 0);
                break;
            case Mutation.DataOverlapsText:
                PutU64(image, data + 16, t.VAddr + 0x1000 + (d.Offset % Page));
                break;
            case Mutation.DataSharesTextPage:
                // Data right after the code's last byte, in the same page, with a congruent file offset.
                ulong vaddr = (t.VAddr + t.MemSize + 15) & ~15UL;
                PutU64(image, data + 8, vaddr % Page);
                PutU64(image, data + 16, vaddr);
                break;
            case Mutation.DataMisaligned:
                PutU64(image, data + 16, d.VAddr + 8);
                break;
            case Mutation.DataAboveUserTop:
                PutU64(image, data + 16, AddressSpace.UserTop - Page + (d.Offset % Page));
                break;
            case Mutation.DataFileSizeExceedsMemSize:
                PutU64(image, data + 40, d.FileSize - 1);
                break;
            case Mutation.TruncatedProgramHeaders:
                image = image[..(data + 20)];
                break;
            case Mutation.SharedObject:
                PutU16(image, 16, Elf.ET_DYN);
                break;
            case Mutation.X86:
                PutU16(image, 18, Elf.EM_X86_64);
                break;
            case Mutation.Interpreter:
                PutU32(image, data, Elf.PT_INTERP);
                break;
            case Mutation.NoLoadSegments:
                PutU32(image, text, Elf.PT_NOTE);
                PutU32(image, data, Elf.PT_NOTE);
                break;
            case Mutation.EntryInData:
                PutU64(image, 24, d.VAddr);
                break;
        }

        return image;
    }

    private static void PutU16(byte[] b, int offset, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(offset), v);

    private static void PutU32(byte[] b, int offset, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), v);

    private static void PutU64(byte[] b, int offset, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(offset), v);
}
