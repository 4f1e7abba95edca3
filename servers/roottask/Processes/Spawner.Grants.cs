// Init-list grants at spawn: device pages mapped uncached at DeviceBase (one owner per page), DMA memory at DmaBase, both in the start info.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal sealed unsafe partial class Spawner
{
    // The grants the spawn in progress makes (None: none), and its error when one was refused while building.
    private InitGrantSet _grants = InitGrantSet.None;
    private RootError _grantError;

    /// <summary>The kernel the spawner works with (and writes its lines to).</summary>
    public ServerKernel Kernel => _kernel;

    /// <summary>The device pages the root task hands out (<see cref="RootResources.Devices"/>).</summary>
    public DeviceGrants Devices => _devices;

    /// <summary>
    /// As <see cref="Spawn(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ulong, ProcessQuota?, out Process?)"/>, with the grants
    /// of an init-list line (no request can ask for one; docs/architecture.md, "Interrupt grants", "Device memory
    /// grants"): an interrupt (<see cref="CapSlots.IrqHandler"/>), device pages mapped uncached from
    /// <see cref="ProcessAbi.DeviceBase"/>, DMA memory at <see cref="ProcessAbi.DmaBase"/>, all before its thread starts.
    /// A device page another process owns is <see cref="RootError.DeviceTaken"/>, an interrupt
    /// <see cref="RootError.InterruptTaken"/>, each with a line naming the owner; memory that is not device memory is
    /// <see cref="RootError.BadArgument"/>; DMA memory is charged to the process's memory quota.
    /// </summary>
    public RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ulong parentPid, ProcessQuota? quota, in InitGrantSet grants, out Process? process)
    {
        process = null;
        RootError valid = CheckInterrupt(name, grants.Irq);
        for (int r = 0; r < grants.MmioCount && valid == RootError.Ok; r++)
        {
            grants.Mmio(r, out ulong paddr, out int pages);
            valid = _devices.Check(paddr, pages, out ulong taken, out ulong owner);
            if (valid != RootError.Ok)
            {
                _kernel.Write("spawn: ");
                _kernel.Write(name);
                _kernel.Write(": device page ");
                _kernel.WriteHex(taken);
                _kernel.Write(" is owned by pid ");
                _kernel.WriteDecimal(owner);
                _kernel.Write(" (one owner per device page)\n");
            }
        }

        if (valid != RootError.Ok)
        {
            return valid;
        }

        _grants = grants;
        _grantError = RootError.Ok;
        RootError e = Spawn(name, args, parentPid, quota, out process);
        _grants = InitGrantSet.None;
        return _grantError != RootError.Ok ? _grantError : e;
    }

    // Build's step before the start info is written: the device pages (a copy of each page's frame from the registry,
    // charged one slot of the process's quota, mapped uncached and never executable), then the DMA memory (one
    // allocation of contiguous frames, charged to its memory quota like any of its objects, mapped cached).
    private Sel4Error GrantMemory(Process p)
    {
        int devicePages = _grants.MmioPages;
        int dma = _grants.DmaPages;
        if (devicePages == 0 && dma == 0)
        {
            return Sel4Error.NoError;
        }

        Sel4Error e;
        if ((e = _mapper.MakeRoom(p, ProcessAbi.DeviceBase, devicePages, 0)) != Sel4Error.NoError ||
            (e = _mapper.MakeRoom(p, ProcessAbi.DmaBase, dma, dma == 0 ? 0 : 1)) != Sel4Error.NoError)
        {
            return e;
        }

        if (devicePages > 0 && (e = GrantDevicePages(p, devicePages)) != Sel4Error.NoError)
        {
            return e;
        }

        if (dma == 0)
        {
            return Sel4Error.NoError;
        }

        if ((e = _mapper.Alloc(p, ObjectType.SmallPage, 0, dma, out Allocation frames)) != Sel4Error.NoError)
        {
            return e;
        }

        for (int i = 0; i < dma; i++)
        {
            if ((e = _mapper.MapPage(p, frames, i, ProcessAbi.DmaBase + ((ulong)i * ProcessAbi.PageSize), CapRights.ReadWrite, VmAttributes.Data)) != Sel4Error.NoError)
            {
                return e;
            }
        }

        p.DmaPaddr = frames.PAddr;
        p.DmaPages = dma;
        return Sel4Error.NoError;
    }

    private Sel4Error GrantDevicePages(Process p, int devicePages)
    {
        if (!p.Account.Fits(QuotaKind.Slots, (ulong)devicePages))
        {
            return Sel4Error.NotEnoughMemory;
        }

        try
        {
            p.DeviceSlots = p.DeviceSlots is { } held && held.Length >= devicePages ? held : new RootSlot[devicePages];
        }
        catch (OutOfMemoryException)
        {
            return Sel4Error.NotEnoughMemory;
        }

        ulong vaddr = ProcessAbi.DeviceBase;
        for (int r = 0; r < _grants.MmioCount; r++)
        {
            _grants.Mmio(r, out ulong paddr, out int pages);
            for (int i = 0; i < pages; i++, vaddr += ProcessAbi.PageSize)
            {
                ulong page = paddr + ((ulong)i * ProcessAbi.PageSize);
                Sel4Error e = _devices.Frame(page, out RootSlot copy);
                if (e != Sel4Error.NoError)
                {
                    _kernel.Write("spawn: device page ");
                    _kernel.WriteHex(page);
                    _kernel.Write(e == Sel4Error.FailedLookup ? " is not device memory: " : " cannot be granted: ");
                    _kernel.Write(Sel4Result.Describe(e));
                    _kernel.Write("\n");
                    _grantError = e == Sel4Error.NotEnoughMemory ? RootError.NoMemory : RootError.BadArgument;
                    return e;
                }

                p.DeviceSlots[p.DeviceSlotCount++] = copy;
                p.Account.Charge(QuotaKind.Slots, 1);
                _devices.Take(page, p.Pid);
                var frame = new Allocation { Type = ObjectType.SmallPage, FirstSlot = copy, Count = 1, ObjectBits = 12, SizeBits = 12 };
                if ((e = _mapper.MapPage(p, frame, 0, vaddr, CapRights.ReadWrite, VmAttributes.ExecuteNever)) != Sel4Error.NoError)
                {
                    return e;
                }
            }
        }

        return Sel4Error.NoError;
    }

    // Reclaim's step: delete the process's copies of its device pages (which unmaps them) and free the pages for the
    // next owner; the registry keeps each page's own capability. The DMA frames go with the other allocations.
    private void ReleaseDevices(Process p)
    {
        for (int i = 0; i < p.DeviceSlotCount; i++)
        {
            _slots.Release(ref p.DeviceSlots![i]);
        }

        p.Account.Release(QuotaKind.Slots, (ulong)p.DeviceSlotCount);
        p.DeviceSlotCount = 0;
        _devices.Release(p.Pid);
    }

    // The grants in the start-info page (ProcessAbi.StartInfoDeviceOffset, StartInfoDmaOffset): each device region's
    // vaddr, physical address and pages in the order of the line's words, and the DMA memory's.
    private void PutGrantInfo(Process p, Span<byte> info)
    {
        Put(info, ProcessAbi.StartInfoDeviceOffset, (ulong)_grants.MmioCount);
        ulong vaddr = ProcessAbi.DeviceBase;
        for (int r = 0; r < _grants.MmioCount; r++)
        {
            _grants.Mmio(r, out ulong paddr, out int pages);
            int at = ProcessAbi.StartInfoDeviceOffset + 8 + (r * 24);
            Put(info, at, vaddr);
            Put(info, at + 8, paddr);
            Put(info, at + 16, (ulong)pages);
            vaddr += (ulong)pages * ProcessAbi.PageSize;
        }

        Put(info, ProcessAbi.StartInfoDmaOffset, p.DmaPages == 0 ? 0 : ProcessAbi.DmaBase);
        Put(info, ProcessAbi.StartInfoDmaOffset + 8, p.DmaPaddr);
        Put(info, ProcessAbi.StartInfoDmaOffset + 16, (ulong)p.DmaPages);
    }
}
