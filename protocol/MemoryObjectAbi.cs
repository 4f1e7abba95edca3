// Shared memory objects (issue 15 item 4): the handle's badge, the size limits and the rights of a mapping; bare-metal safe.
namespace Smos.Protocol;

/// <summary>
/// A memory object is N zeroed pages the root task makes for one process (MemCreate) and maps into any process that
/// holds a <b>handle</b> to it (MemMap). A handle is a capability: a copy of the root task's own endpoint minted with a
/// badge that names the object and the rights it grants (<see cref="HandleFlag"/>, <see cref="WritableFlag"/>, the id
/// in the low bits). A process sends it to another process over any connection like any capability; seL4 cannot change
/// the badge of a badged capability, so a read-only handle cannot be made read-write. To use a handle a process
/// attaches it (extra capability 0) to a request on its own root endpoint: the kernel unwraps a capability to the
/// endpoint the message goes to into its badge, so the root task learns the object and the rights without taking a
/// capability, and the caller from the request's own badge (docs/protocol.md, "Memory objects").
/// </summary>
public static class MemoryObjectAbi
{
    /// <summary>Bit set in every handle's badge (process badges use bits 0-48: the pid and the fault flag).</summary>
    public const ulong HandleFlag = 1UL << 50;

    /// <summary>Bit set in the badge of a read-write handle; a handle without it maps read-only only.</summary>
    public const ulong WritableFlag = 1UL << 49;

    /// <summary>The object's id in a handle's badge: bits 0-47, counted from 1 and never reused.</summary>
    public const ulong IdMask = (1UL << 48) - 1;

    /// <summary>Most pages of one object (1 MiB; the frames come from one retype).</summary>
    public const int MaxPages = 256;

    /// <summary>MemMap's and MemHandle's rights word: read-only.</summary>
    public const ulong ReadOnly = 0;

    /// <summary>MemMap's and MemHandle's rights word: read-write (needs a read-write handle).</summary>
    public const ulong ReadWrite = 1;

    /// <summary>True for a badge that is a memory-object handle's (not a process's request or fault badge).</summary>
    public static bool IsHandle(ulong badge) => (badge & HandleFlag) != 0;

    /// <summary>The badge of the handle to object <paramref name="id"/> with the given rights.</summary>
    public static ulong Badge(ulong id, bool writable) => HandleFlag | (writable ? WritableFlag : 0) | (id & IdMask);
}

/// <summary>The rights word of MemHandle and MemMap (<see cref="IRootTask.MemMap"/>): any other value is BadArgument.</summary>
public enum MemoryRights : ulong
{
    /// <summary>Read-only (<see cref="MemoryObjectAbi.ReadOnly"/>).</summary>
    ReadOnly = MemoryObjectAbi.ReadOnly,

    /// <summary>Read-write (<see cref="MemoryObjectAbi.ReadWrite"/>; needs a read-write handle).</summary>
    ReadWrite = MemoryObjectAbi.ReadWrite,
}
