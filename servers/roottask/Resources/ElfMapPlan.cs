// Plans how to load an ELF executable page by page: rights, attributes and file bytes for each 4 KiB page.
using System;
using Smos.Formats;

namespace Smos.RootTask.Resources;

/// <summary>
/// Turns the PT_LOAD segments of an AArch64 ET_EXEC image into 4 KiB pages, in program-header order and
/// ascending address within a segment. Code (PF_X) is mapped read-only and cacheable; everything else is
/// read-only or read-write and never executable. Bytes of a page outside the segment's file part are zero.
/// Every call but the <see cref="GetPage(ReadOnlySpan{byte}, in ElfHeader, int, out PlannedPage)"/> overload validates the
/// whole image (O(program headers^2)); none allocates.
/// </summary>
public static class ElfMapPlan
{
    public const ulong PageSize = 4096;

    /// <summary>seL4 rights and AArch64 VM attributes used by the plan.</summary>
    public const ulong RightsRead = 2;
    public const ulong RightsReadWrite = 3;
    public const ulong AttributesCode = 1;
    public const ulong AttributesData = 5;

    /// <summary>Checks the image; on BadElf <paramref name="elfError"/> says why, and <paramref name="segment"/> names the offending program header (or -1).</summary>
    public static ElfMapError Validate(ReadOnlySpan<byte> image, out ElfError elfError, out int segment)
    {
        segment = -1;
        elfError = Elf.Parse(image, out ElfHeader h);
        if (elfError != ElfError.Ok)
        {
            return ElfMapError.BadElf;
        }

        if (h.Type != Elf.ET_EXEC)
        {
            return ElfMapError.NotExecutable;
        }

        if (h.Machine != Elf.EM_AARCH64)
        {
            return ElfMapError.WrongMachine;
        }

        bool anyLoad = false;
        bool entryOk = false;
        ulong pages = 0;
        for (int i = 0; i < h.PhNum; i++)
        {
            segment = i;
            elfError = Elf.GetProgramHeader(image, h, i, out ProgramHeader ph);
            if (elfError != ElfError.Ok)
            {
                return ElfMapError.BadElf;
            }

            if (ph.Type == Elf.PT_INTERP || ph.Type == Elf.PT_DYNAMIC)
            {
                return ElfMapError.NeedsInterpreter;
            }

            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ElfMapError e = CheckSegment(ph);
            if (e != ElfMapError.Ok)
            {
                return e;
            }

            for (int j = 0; j < i; j++)
            {
                Elf.GetProgramHeader(image, h, j, out ProgramHeader other);
                if (other.Type != Elf.PT_LOAD || other.MemSize == 0)
                {
                    continue;
                }

                if (ph.VAddr < other.VAddr + other.MemSize && other.VAddr < ph.VAddr + ph.MemSize)
                {
                    return ElfMapError.SegmentsOverlap;
                }

                if (PageStart(ph) < PageEnd(other) && PageStart(other) < PageEnd(ph))
                {
                    return ElfMapError.SegmentsSharePage;
                }
            }

            pages += (PageEnd(ph) - PageStart(ph)) / PageSize;
            if (pages > int.MaxValue)
            {
                return ElfMapError.TooManyPages;
            }

            anyLoad = true;
            if ((ph.Flags & Elf.PF_X) != 0 && h.Entry >= ph.VAddr && h.Entry - ph.VAddr < ph.MemSize)
            {
                entryOk = true;
            }
        }

        segment = -1;
        elfError = ElfError.Ok;
        if (!anyLoad)
        {
            return ElfMapError.NoLoadSegments;
        }

        return entryOk ? ElfMapError.Ok : ElfMapError.EntryNotExecutable;
    }

    /// <summary>The number of pages the plan has.</summary>
    public static ElfMapError Count(ReadOnlySpan<byte> image, out int pages)
    {
        pages = 0;
        ElfMapError e = Validate(image, out _, out _);
        if (e != ElfMapError.Ok)
        {
            return e;
        }

        Elf.Parse(image, out ElfHeader h);
        ulong total = 0;
        for (int i = 0; i < h.PhNum; i++)
        {
            Elf.GetProgramHeader(image, h, i, out ProgramHeader ph);
            if (ph.Type == Elf.PT_LOAD && ph.MemSize != 0)
            {
                total += (PageEnd(ph) - PageStart(ph)) / PageSize;
            }
        }

        pages = (int)total;
        return ElfMapError.Ok;
    }

    /// <summary>Page <paramref name="pageIndex"/> of the plan (0 .. Count - 1).</summary>
    public static ElfMapError GetPage(ReadOnlySpan<byte> image, int pageIndex, out PlannedPage p)
    {
        p = default;
        ElfMapError e = Validate(image, out _, out _);
        if (e != ElfMapError.Ok)
        {
            return e;
        }

        Elf.Parse(image, out ElfHeader h);
        return GetPage(image, h, pageIndex, out p);
    }

    /// <summary>
    /// Page <paramref name="pageIndex"/> of the plan of an image <see cref="Count"/> has accepted (its parsed header
    /// <paramref name="h"/>), without validating it again: a spawn loads page after page, and validating the image for
    /// each was about 6,000 instructions a page (docs/performance.md, "Session 10: spawn cost").
    /// </summary>
    public static ElfMapError GetPage(ReadOnlySpan<byte> image, in ElfHeader h, int pageIndex, out PlannedPage p)
    {
        p = default;
        if (pageIndex < 0)
        {
            return ElfMapError.PageIndexOutOfRange;
        }

        ulong remaining = (ulong)pageIndex;
        for (int i = 0; i < h.PhNum; i++)
        {
            Elf.GetProgramHeader(image, h, i, out ProgramHeader ph);
            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ulong segmentPages = (PageEnd(ph) - PageStart(ph)) / PageSize;
            if (remaining >= segmentPages)
            {
                remaining -= segmentPages;
                continue;
            }

            PlanPage(ph, i, PageStart(ph) + (remaining * PageSize), out p);
            return ElfMapError.Ok;
        }

        return ElfMapError.PageIndexOutOfRange;
    }

    /// <summary>
    /// Every page of the plan of an image <see cref="Count"/> has accepted (its parsed header <paramref name="h"/>), in
    /// plan order, into <paramref name="pages"/> (at least Count long): what <see cref="GetPage(ReadOnlySpan{byte}, in ElfHeader, int, out PlannedPage)"/>
    /// gives for each index, segment by segment, so each program header is read once (a spawn plans all its pages;
    /// per index it was about 850 instructions a page). TooManyPages when <paramref name="pages"/> is too short.
    /// </summary>
    public static ElfMapError GetPages(ReadOnlySpan<byte> image, in ElfHeader h, Span<PlannedPage> pages)
    {
        int n = 0;
        for (int i = 0; i < h.PhNum; i++)
        {
            Elf.GetProgramHeader(image, h, i, out ProgramHeader ph);
            if (ph.Type != Elf.PT_LOAD || ph.MemSize == 0)
            {
                continue;
            }

            ulong end = PageEnd(ph);
            for (ulong vaddr = PageStart(ph); vaddr < end; vaddr += PageSize)
            {
                if (n >= pages.Length)
                {
                    return ElfMapError.TooManyPages;
                }

                PlanPage(ph, i, vaddr, out pages[n++]);
            }
        }

        return ElfMapError.Ok;
    }

    // The plan of the page at `vaddr` of segment `segment` (its header `ph`).
    private static void PlanPage(in ProgramHeader ph, int segment, ulong vaddr, out PlannedPage p)
    {
        p = default;
        p.VAddr = vaddr;
        p.Segment = segment;
        p.Executable = (ph.Flags & Elf.PF_X) != 0;
        p.Writable = (ph.Flags & Elf.PF_W) != 0;
        p.Rights = p.Writable ? RightsReadWrite : RightsRead;
        p.Attributes = p.Executable ? AttributesCode : AttributesData;

        // The file part of the segment, [VAddr, VAddr + FileSize), clipped to this page.
        ulong lo = vaddr > ph.VAddr ? vaddr : ph.VAddr;
        ulong fileEnd = ph.VAddr + ph.FileSize;
        ulong hi = vaddr + PageSize < fileEnd ? vaddr + PageSize : fileEnd;
        if (hi > lo)
        {
            p.FileOffset = ph.Offset + (lo - ph.VAddr);
            p.FileLength = hi - lo;
            p.OffsetInPage = lo - vaddr;
        }
    }

    /// <summary>
    /// The pages of program header <paramref name="index"/> of an image <see cref="Count"/> accepted (its header
    /// <paramref name="h"/>) when it is a PT_LOAD segment with memory: the first page's address and how many (what a spawn
    /// makes room for before it maps them). False for any other header.
    /// </summary>
    public static bool SegmentPages(ReadOnlySpan<byte> image, in ElfHeader h, int index, out ulong firstPage, out int pages)
    {
        firstPage = 0;
        pages = 0;
        if (Elf.GetProgramHeader(image, h, index, out ProgramHeader ph) != ElfError.Ok || ph.Type != Elf.PT_LOAD || ph.MemSize == 0 ||
            CheckSegment(ph) != ElfMapError.Ok || (PageEnd(ph) - PageStart(ph)) / PageSize > int.MaxValue)
        {
            return false;
        }

        firstPage = PageStart(ph);
        pages = (int)((PageEnd(ph) - PageStart(ph)) / PageSize);
        return true;
    }

    /// <summary>A one-sentence explanation of <paramref name="error"/>.</summary>
    public static string Describe(ElfMapError error) => ElfMapErrors.Describe(error);

    private static ElfMapError CheckSegment(in ProgramHeader ph)
    {
        if ((ph.Flags & (Elf.PF_R | Elf.PF_W | Elf.PF_X)) == 0)
        {
            return ElfMapError.SegmentWithoutAccess;
        }

        if ((ph.Flags & Elf.PF_W) != 0 && (ph.Flags & Elf.PF_X) != 0)
        {
            return ElfMapError.WritableAndExecutable;
        }

        if ((ph.VAddr & (PageSize - 1)) != (ph.Offset & (PageSize - 1)))
        {
            return ElfMapError.MisalignedSegment;
        }

        // GetProgramHeader guarantees VAddr + MemSize does not wrap.
        if (ph.VAddr >= AddressSpace.UserTop || ph.MemSize > AddressSpace.UserTop - ph.VAddr)
        {
            return ElfMapError.AboveUserTop;
        }

        return ElfMapError.Ok;
    }

    private static ulong PageStart(in ProgramHeader ph) => ph.VAddr & ~(PageSize - 1);

    private static ulong PageEnd(in ProgramHeader ph) => (ph.VAddr + ph.MemSize + PageSize - 1) & ~(PageSize - 1);
}
