// The device pages the root task hands out: one frame capability per page for the system's life, copies to owners, one owning process per page.
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Device memory by physical page (docs/architecture.md, "Device memory grants"). The first time a page is asked for,
/// the registry takes it from the device untypeds (<see cref="UntypedManager.AllocateDevice"/>, one 4 KiB frame) and
/// keeps that frame capability for the system's life; everyone who maps the page gets a copy (<see cref="Frame"/>):
/// a process granted the page by an init-list <c>mmio:</c> word (its copy is deleted, and so unmapped, when it ends),
/// and the root task itself (its UART writer maps 0x09000000). One process owns a page at a time (<see cref="Check"/>,
/// <see cref="Take"/>, <see cref="Release"/>); the root task's own copies are not owners.
/// </summary>
internal sealed class DeviceGrants
{
    private readonly UntypedManager _untyped;
    private readonly RootSlots _slots;
    private ulong[] _paddrs = new ulong[16];
    private RootSlot[] _frames = new RootSlot[16];
    private ulong[] _owners = new ulong[16];

    public DeviceGrants(UntypedManager untyped, RootSlots slots)
    {
        _untyped = untyped;
        _slots = slots;
    }

    /// <summary>Device pages whose frame capability the registry holds (each for the system's life).</summary>
    public int Frames { get; private set; }

    /// <summary>Device pages a process owns now.</summary>
    public int Owned { get; private set; }

    /// <summary>
    /// A new copy, read-write, of the frame capability of the device page at <paramref name="paddr"/> in a root slot
    /// <paramref name="frame"/> that the caller owns (map it uncached, <c>VmAttributes.ExecuteNever</c>; deleting it
    /// unmaps it). The page's own capability is made on first use and kept. Errors: AlignmentError (not page aligned),
    /// FailedLookup (no device untyped holds it: RAM or nothing), DeleteFirst (that device memory was taken otherwise),
    /// NotEnoughMemory (no root slot, or the root task's heap cannot grow the registry).
    /// </summary>
    public Sel4Error Frame(ulong paddr, out RootSlot frame)
    {
        frame = RootSlot.None;
        Sel4Error e = Master(paddr, out int index);
        return e != Sel4Error.NoError ? e : _slots.CopyNew(_frames[index], CapRights.ReadWrite, out frame);
    }

    /// <summary>The pid owning the device page at <paramref name="paddr"/>, or 0.</summary>
    public ulong OwnerOf(ulong paddr)
    {
        int i = Find(paddr);
        return i < 0 ? 0 : _owners[i];
    }

    /// <summary>
    /// The validate step of a grant of <paramref name="pages"/> pages from <paramref name="paddr"/>:
    /// <see cref="RootError.DeviceTaken"/> with the first page a process owns in <paramref name="taken"/> and its owner in
    /// <paramref name="owner"/>; else Ok.
    /// </summary>
    public RootError Check(ulong paddr, int pages, out ulong taken, out ulong owner)
    {
        for (int i = 0; i < pages; i++)
        {
            taken = paddr + ((ulong)i * ProcessAbi.PageSize);
            owner = OwnerOf(taken);
            if (owner != 0)
            {
                return RootError.DeviceTaken;
            }
        }

        taken = 0;
        owner = 0;
        return RootError.Ok;
    }

    /// <summary>Records <paramref name="pid"/> as the owner of the page at <paramref name="paddr"/> (its frame made by <see cref="Frame"/>, checked by <see cref="Check"/>).</summary>
    public void Take(ulong paddr, ulong pid)
    {
        int i = Find(paddr);
        if (i >= 0 && _owners[i] == 0 && pid != 0)
        {
            _owners[i] = pid;
            Owned++;
        }
    }

    /// <summary>Frees every page <paramref name="pid"/> owns (it ended, its copies are deleted); returns how many.</summary>
    public int Release(ulong pid)
    {
        int n = 0;
        for (int i = 0; i < Frames && pid != 0; i++)
        {
            if (_owners[i] == pid)
            {
                _owners[i] = 0;
                n++;
            }
        }

        Owned -= n;
        return n;
    }

    private int Find(ulong paddr)
    {
        for (int i = 0; i < Frames; i++)
        {
            if (_paddrs[i] == paddr)
            {
                return i;
            }
        }

        return -1;
    }

    // The registry's own capability for the page (made on first use from the device untypeds, kept for the system's life).
    private Sel4Error Master(ulong paddr, out int index)
    {
        index = Find(paddr);
        if (index >= 0)
        {
            return Sel4Error.NoError;
        }

        if ((paddr & (ProcessAbi.PageSize - 1)) != 0)
        {
            return Sel4Error.AlignmentError;
        }

        if (Frames == _paddrs.Length && !Grow())
        {
            return Sel4Error.NotEnoughMemory;
        }

        Sel4Error e = _untyped.AllocateDevice(paddr, 12, ObjectType.SmallPage, out Allocation a);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        index = Frames++;
        _paddrs[index] = paddr;
        _frames[index] = a.FirstSlot;
        _owners[index] = 0;
        return Sel4Error.NoError;
    }

    private bool Grow()
    {
        try
        {
            int n = _paddrs.Length * 2;
            ulong[] paddrs = new ulong[n];
            RootSlot[] frames = new RootSlot[n];
            ulong[] owners = new ulong[n];
            Array.Copy(_paddrs, paddrs, Frames);
            Array.Copy(_frames, frames, Frames);
            Array.Copy(_owners, owners, Frames);
            (_paddrs, _frames, _owners) = (paddrs, frames, owners);
            return true;
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
    }
}
