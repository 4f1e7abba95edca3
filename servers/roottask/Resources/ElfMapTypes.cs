// Result types of ElfMapPlan: its error enum with descriptions, and the plan for one page.
namespace Smos.RootTask.Resources;

/// <summary>Why an ELF image cannot be mapped. <see cref="BadElf"/> carries an ElfError (see ElfMapPlan.Validate).</summary>
public enum ElfMapError
{
    Ok = 0,
    BadElf,
    NotExecutable,
    WrongMachine,
    NeedsInterpreter,
    NoLoadSegments,
    SegmentWithoutAccess,
    WritableAndExecutable,
    MisalignedSegment,
    AboveUserTop,
    SegmentsOverlap,
    SegmentsSharePage,
    EntryNotExecutable,
    TooManyPages,
    PageIndexOutOfRange,
}

/// <summary>
/// One 4 KiB page of a loadable segment: map a fresh frame at <see cref="VAddr"/> with <see cref="Rights"/>
/// and <see cref="Attributes"/>, zero it, then copy <see cref="FileLength"/> bytes from
/// <see cref="FileOffset"/> of the image to <see cref="OffsetInPage"/>.
/// </summary>
public struct PlannedPage
{
    public ulong VAddr;

    /// <summary>Index of the program header the page belongs to.</summary>
    public int Segment;

    public bool Writable;
    public bool Executable;

    /// <summary>seL4 cap rights for the mapping: Read (2) or ReadWrite (3).</summary>
    public ulong Rights;

    /// <summary>seL4 VM attributes: Cacheable (1) for code, Cacheable|ExecuteNever (5) for everything else.</summary>
    public ulong Attributes;

    public ulong FileOffset;
    public ulong FileLength;
    public ulong OffsetInPage;
}

/// <summary>Descriptions of <see cref="ElfMapError"/>.</summary>
public static class ElfMapErrors
{
    /// <summary>A one-sentence explanation of <paramref name="error"/>.</summary>
    public static string Describe(ElfMapError error) => error switch
    {
        ElfMapError.Ok => "ok",
        ElfMapError.BadElf => "bad ELF: the ELF reader rejected the header or a program header",
        ElfMapError.NotExecutable => "not an executable: e_type is not ET_EXEC (position-independent images are not supported)",
        ElfMapError.WrongMachine => "wrong machine: e_machine is not EM_AARCH64 (183)",
        ElfMapError.NeedsInterpreter => "needs an interpreter: the image has a PT_INTERP or PT_DYNAMIC segment",
        ElfMapError.NoLoadSegments => "no load segments: the image has no PT_LOAD segment with p_memsz > 0",
        ElfMapError.SegmentWithoutAccess => "segment without access: a PT_LOAD segment has none of the R, W, X flags",
        ElfMapError.WritableAndExecutable => "writable and executable: a PT_LOAD segment has both PF_W and PF_X (W^X)",
        ElfMapError.MisalignedSegment => "misaligned segment: p_vaddr and p_offset differ modulo 4096",
        ElfMapError.AboveUserTop => "above user top: a PT_LOAD segment ends above 0x0000800000000000",
        ElfMapError.SegmentsOverlap => "segments overlap: two PT_LOAD segments share virtual addresses",
        ElfMapError.SegmentsSharePage => "segments share a page: two PT_LOAD segments touch the same 4 KiB page",
        ElfMapError.EntryNotExecutable => "entry not executable: e_entry is not inside an executable PT_LOAD segment",
        ElfMapError.TooManyPages => "too many pages: the load segments span more than 2^31 pages",
        ElfMapError.PageIndexOutOfRange => "page index out of range: the index is negative or not below the page count",
        _ => "unknown ELF map error value",
    };
}
