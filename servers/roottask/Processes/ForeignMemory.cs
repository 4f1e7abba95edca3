// The one place where the root task writes memory that will belong to another process: a scratch mapping window.
using System;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>
/// Maps a frame destined for a process at a fixed scratch address in the root task, fills it, then unmaps it so
/// the same capability can be mapped into the process. Frames come zeroed from the kernel. The frame is not yet
/// visible to any other thread while it is written, so plain stores are enough here.
/// </summary>
internal sealed unsafe class ForeignMemory
{
    /// <summary>Scratch page in the root task's address space (its page tables are created when the process server starts).</summary>
    public const ulong ScratchVaddr = 0x2000_0000;

    private readonly ServerKernel _kernel;

    public ForeignMemory(ServerKernel kernel) { _kernel = kernel; }

    /// <summary>Copies <paramref name="data"/> into the frame at <paramref name="offset"/>. The frame must not be mapped elsewhere.</summary>
    public Sel4Error Write(RootSlot frameSlot, int offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || offset + data.Length > 4096)
        {
            return Sel4Error.RangeError;
        }

        Sel4Error e = _kernel.MapFrame(frameSlot, InitialSlots.VSpace, ScratchVaddr, CapRights.ReadWrite, VmAttributes.Data);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        data.CopyTo(new Span<byte>(_kernel.RootMemory(ScratchVaddr) + offset, data.Length));
        return _kernel.UnmapFrame(frameSlot);
    }
}
