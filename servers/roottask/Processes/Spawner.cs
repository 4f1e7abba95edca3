// Creates a process from an app ELF: address space, CSpace with the well-known caps, TCB, stack, start info; and destroys it.
using System;
using Internal.Runtime;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal sealed unsafe class Spawner
{
    public const ulong ProcessPriority = 100;
    public const int DefaultPageQuota = 256;
    private const int CNodeGuardData = 64 - CapSlots.CNodeSizeBits; // guard size 56, guard 0: cptr == slot

    private readonly UntypedManager _untyped;
    private readonly ProcessTable _table;
    private readonly ulong _serverEndpoint;
    private readonly byte[] _startInfo = new byte[4096];

    public Spawner(UntypedManager untyped, ProcessTable table, ulong serverEndpoint)
    {
        _untyped = untyped;
        _table = table;
        _serverEndpoint = serverEndpoint;
    }

    /// <summary>
    /// Starts app <paramref name="name"/> with <paramref name="args"/> (NUL-terminated strings after arg 0).
    /// Validates everything first; on any later failure every object made so far is returned.
    /// </summary>
    public RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ulong parentPid, out Process? process)
    {
        process = null;
        RootError valid = ProcessRules.CheckSpawn(name, args, out int argCount);
        if (valid != RootError.Ok)
        {
            return valid;
        }

        if (AppArchive.Find(name, out ReadOnlySpan<byte> elf) != CpioResult.Ok)
        {
            return RootError.NoSuchApp;
        }

        ElfMapError planError = ElfMapPlan.Count(elf, out int pages);
        if (planError != ElfMapError.Ok)
        {
            DebugConsole.Write("spawn: ");
            DebugConsole.Write(name);
            DebugConsole.Write(": ");
            DebugConsole.WriteLine(ElfMapPlan.Describe(planError));
            return RootError.BadArgument;
        }

        Process? p = _table.Take();
        if (p is null)
        {
            return RootError.TooManyProcesses;
        }

        name.CopyTo(new Span<byte>(p.Name));
        p.NameLength = name.Length;
        p.ParentPid = parentPid;
        p.PageQuota = DefaultPageQuota;
        p.HeapNext = ProcessAbi.HeapRegionBase;
        p.State = ProcessState.Running;
        Sel4Error e = Build(p, elf, pages, name, args, argCount);
        if (e != Sel4Error.NoError)
        {
            DebugConsole.Write("spawn: ");
            DebugConsole.Write(name);
            DebugConsole.Write(" failed: ");
            DebugConsole.WriteLine(Sel4Result.Describe(e));
            Destroy(p);
            return e == Sel4Error.NotEnoughMemory ? RootError.NoMemory : RootError.BadArgument;
        }

        process = p;
        return RootError.Ok;
    }

    /// <summary>Returns every object and slot of <paramref name="p"/> to the managers and frees its record.</summary>
    public void Destroy(Process p)
    {
        if (p.TcbSlot != 0)
        {
            new Tcb(p.TcbSlot).Suspend();
        }

        for (int i = p.AllocationCount - 1; i >= 0; i--)
        {
            _untyped.Free(p.Allocations[i]);
        }

        p.Space.Reset();
        p.Reset();
    }

    /// <summary>Maps <paramref name="count"/> new zeroed pages at the process's heap break (the Alloc request).</summary>
    public RootError GrowHeap(Process p, int count, out ulong vaddr)
    {
        // The request was validated by ProcessRules.CheckAlloc (1..64 pages, within the quota).
        vaddr = p.HeapNext;

        if (Alloc(p, ObjectType.SmallPage, 0, count, out Allocation frames) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        for (int i = 0; i < count; i++)
        {
            if (MapPage(p, frames, i, vaddr + ((ulong)i * 4096), CapRights.ReadWrite, VmAttributes.Data) != Sel4Error.NoError)
            {
                return RootError.NoMemory;
            }
        }

        p.HeapNext += (ulong)count * 4096;
        p.HeapPages += count;
        return RootError.Ok;
    }

    private Sel4Error Build(Process p, ReadOnlySpan<byte> elf, int pages, ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, int argCount)
    {
        Sel4Error e;
        if ((e = Alloc(p, ObjectType.VSpace, 0, 1, out Allocation vspace)) != Sel4Error.NoError ||
            (e = new AsidPool(InitialCaps.InitThreadAsidPool).Assign(vspace.FirstSlot).Error) != Sel4Error.NoError ||
            (e = Alloc(p, ObjectType.CNode, CapSlots.CNodeSizeBits, 1, out Allocation cnode)) != Sel4Error.NoError ||
            (e = Alloc(p, ObjectType.Tcb, 0, 1, out Allocation tcb)) != Sel4Error.NoError ||
            (e = Alloc(p, ObjectType.Notification, 0, 1, out Allocation ntfn)) != Sel4Error.NoError)
        {
            return e;
        }

        p.VSpaceSlot = vspace.FirstSlot;
        p.CNodeSlot = cnode.FirstSlot;
        p.TcbSlot = tcb.FirstSlot;
        p.NotificationSlot = ntfn.FirstSlot;
        if ((e = LoadElf(p, elf, pages)) != Sel4Error.NoError ||
            (e = MapStack(p)) != Sel4Error.NoError ||
            (e = MapIpcAndStartInfo(p, name, args, argCount, out ulong ipcFrame)) != Sel4Error.NoError ||
            (e = FillCSpace(p, ntfn.FirstSlot)) != Sel4Error.NoError)
        {
            return e;
        }

        var thread = new Tcb(p.TcbSlot);
        var cspace = new CNode(p.CNodeSlot, CapSlots.CNodeSizeBits);
        if ((e = thread.Configure(CapSlots.FaultEndpoint, cspace, CNodeGuardData, p.VSpaceSlot, 0, ProcessAbi.IpcBufferVaddr, ipcFrame).Error) != Sel4Error.NoError ||
            (e = thread.SetPriority(new Tcb(InitialCaps.InitThreadTcb), ProcessPriority).Error) != Sel4Error.NoError ||
            (e = thread.BindNotification(new Notification(p.NotificationSlot)).Error) != Sel4Error.NoError)
        {
            return e;
        }

#if !SMOS_BENCH
        Debug.NameThread(p.TcbSlot, name); // debug-kernel only: a release (benchmark) kernel would fault the root task
#endif
        Elf.Parse(elf, out ElfHeader header);
        UserContext regs = default;
        regs.Pc = header.Entry;
        regs.Sp = ProcessAbi.StackTop;
        regs.X0 = ProcessAbi.StartInfoVaddr;
        return thread.WriteRegisters(resume: true, regs).Error;
    }

    private Sel4Error LoadElf(Process p, ReadOnlySpan<byte> elf, int pages)
    {
        Sel4Error e = Alloc(p, ObjectType.SmallPage, 0, pages, out Allocation frames);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        for (int i = 0; i < pages; i++)
        {
            ElfMapPlan.GetPage(elf, i, out PlannedPage page);
            if (page.FileLength != 0)
            {
                e = ForeignMemory.Write(frames.Slot(i), (int)page.OffsetInPage, elf.Slice((int)page.FileOffset, (int)page.FileLength));
                if (e != Sel4Error.NoError)
                {
                    return e;
                }
            }

            e = MapPage(p, frames, i, page.VAddr, (CapRights)page.Rights, (VmAttributes)page.Attributes);
            if (e != Sel4Error.NoError)
            {
                return e;
            }
        }

        return Sel4Error.NoError;
    }

    // The stack's pages below StackTop; the page under them stays unmapped, so an overflow faults.
    private Sel4Error MapStack(Process p)
    {
        Sel4Error e = p.Space.Reserve(ProcessAbi.StackBottom - 4096, 4096);
        if (e != Sel4Error.NoError || (e = Alloc(p, ObjectType.SmallPage, 0, ProcessAbi.StackPages, out Allocation stack)) != Sel4Error.NoError)
        {
            return e;
        }

        for (int i = 0; i < ProcessAbi.StackPages; i++)
        {
            e = MapPage(p, stack, i, ProcessAbi.StackBottom + ((ulong)i * 4096), CapRights.ReadWrite, VmAttributes.Data);
            if (e != Sel4Error.NoError)
            {
                return e;
            }
        }

        return Sel4Error.NoError;
    }

    private Sel4Error MapIpcAndStartInfo(Process p, ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, int argCount, out ulong ipcFrame)
    {
        ipcFrame = 0;
        Sel4Error e = Alloc(p, ObjectType.SmallPage, 0, 2, out Allocation frames);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        ipcFrame = frames.Slot(1);
        var info = new Span<byte>(_startInfo);
        info.Clear();
        Put(info, 0, ProcessAbi.StartInfoMagic);
        Put(info, 8, p.Pid);
        Put(info, 16, ProcessAbi.IpcBufferVaddr);
        Put(info, 24, CapSlots.RootEndpoint);
        Put(info, 32, CapSlots.SelfTcb);
        Put(info, 40, CapSlots.Notification);
        Put(info, 48, (ulong)(argCount + 1));
        Put(info, 56, (ulong)(name.Length + 1 + args.Length));
        name.CopyTo(info.Slice(ProcessAbi.ArgsOffset));
        args.CopyTo(info.Slice(ProcessAbi.ArgsOffset + name.Length + 1));
        if ((e = ForeignMemory.Write(frames.Slot(0), 0, info)) != Sel4Error.NoError ||
            (e = MapPage(p, frames, 0, ProcessAbi.StartInfoVaddr, CapRights.Read, VmAttributes.Data)) != Sel4Error.NoError)
        {
            return e;
        }

        return MapPage(p, frames, 1, ProcessAbi.IpcBufferVaddr, CapRights.ReadWrite, VmAttributes.Data);
    }

    // The well-known slots of docs/architecture.md (CapSlots in libsmos/Protocol/ProcessAbi.cs).
    private Sel4Error FillCSpace(Process p, ulong notification)
    {
        var cspace = new CNode(p.CNodeSlot, CapSlots.CNodeSizeBits);
        CNode root = CNode.InitThread;
        Sel4Error e;
        if ((e = cspace.Copy(CapSlots.SelfTcb, root, p.TcbSlot, CapRights.All).Error) != Sel4Error.NoError ||
            (e = cspace.Mint(CapSlots.SelfCNode, root, p.CNodeSlot, CapRights.All, CNodeGuardData).Error) != Sel4Error.NoError ||
            (e = cspace.Copy(CapSlots.SelfVSpace, root, p.VSpaceSlot, CapRights.All).Error) != Sel4Error.NoError ||
            (e = cspace.Mint(CapSlots.RootEndpoint, root, _serverEndpoint, CapRights.All, Badges.Request(p.Pid)).Error) != Sel4Error.NoError ||
            (e = cspace.Copy(CapSlots.Notification, root, notification, CapRights.All).Error) != Sel4Error.NoError)
        {
            return e;
        }

        return cspace.Mint(CapSlots.FaultEndpoint, root, _serverEndpoint, CapRights.All, Badges.Fault(p.Pid)).Error;
    }

    /// <summary>Maps frame <paramref name="index"/> of <paramref name="frames"/>, creating missing page tables first.</summary>
    public Sel4Error MapPage(Process p, in Allocation frames, int index, ulong vaddr, CapRights rights, VmAttributes attributes)
    {
        Span<ulong> bases = stackalloc ulong[3];
        int missing = p.Space.MissingTables(vaddr, bases);
        if (missing < 0)
        {
            return Sel4Error.RangeError;
        }

        for (int i = 0; i < missing; i++)
        {
            Sel4Error te = Alloc(p, ObjectType.PageTable, 0, 1, out Allocation table);
            if (te != Sel4Error.NoError ||
                (te = new PageTable(table.FirstSlot).Map(p.VSpaceSlot, bases[i], VmAttributes.Default).Error) != Sel4Error.NoError ||
                (te = p.Space.RecordTable(4 - missing + i, bases[i], table)) != Sel4Error.NoError)
            {
                return te;
            }
        }

        Sel4Error e = p.Space.RecordPage(vaddr, frames, index);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        return new Page(frames.Slot(index)).Map(p.VSpaceSlot, vaddr, rights, attributes).Error;
    }

    private Sel4Error Alloc(Process p, ObjectType type, int sizeBits, int count, out Allocation a)
    {
        Sel4Error e = count == 1 ? _untyped.Allocate(type, sizeBits, out a) : _untyped.AllocateMany(type, sizeBits, count, out a);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        if (!p.AddAllocation(a))
        {
            _untyped.Free(a);
            return Sel4Error.NotEnoughMemory;
        }

        return Sel4Error.NoError;
    }

    private static void Put(Span<byte> page, int offset, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            page[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
