// The one place where the root task touches memory that belongs to another process: a scratch mapping window.
using System;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>
/// Maps a frame destined for a process at a fixed scratch address in the root task, lets the caller fill it,
/// then unmaps it so the same capability can be mapped into the process. Frames come zeroed from the kernel.
/// </summary>
internal static unsafe class ForeignMemory
{
    /// <summary>Scratch page in the root task's address space (its page tables are created on first use).</summary>
    public const ulong ScratchVaddr = 0x2000_0000;

    /// <summary>Copies <paramref name="data"/> into the frame at <paramref name="offset"/>. The frame must not be mapped elsewhere.</summary>
    public static Sel4Error Write(ulong frameSlot, int offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || offset + data.Length > 4096)
        {
            return Sel4Error.RangeError;
        }

        var page = new Page(frameSlot);
        Sel4Error e = page.Map(InitialCaps.InitThreadVSpace, ScratchVaddr, CapRights.ReadWrite, VmAttributes.Data).Error;
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        data.CopyTo(new Span<byte>((byte*)ScratchVaddr + offset, data.Length));
        return page.Unmap().Error;
    }
}
