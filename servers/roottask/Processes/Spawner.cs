// Creates a process from an app ELF: address space, CSpace with the well-known caps, TCB, stack, start info; and destroys it.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal sealed unsafe partial class Spawner
{
    public const ulong ProcessPriority = 100;
    // A process's CSpace (Spawner.CSpace.cs): a top CNode of 8 slots holding the CNode directory (64 slots) and the fault
    // endpoint; the directory holds the app's CNodes of 256 slots (CNode 0 from spawn, more from CSpaceGrow).
    private const int TopBits = WellKnownSlots.TopBits;

    private readonly UntypedManager _untyped;
    private readonly ProcessTable _table;
    private readonly RootSlot _serverEndpoint;
    private readonly RootSlot _startCode;
    private readonly RootSlots _slots;
    private readonly ServerKernel _kernel;
    private readonly AppArchive _apps;
    private readonly ForeignMemory _memory;
    private readonly PageMapper _mapper;
    private readonly AsidPools _asids;
    private readonly DeviceGrants _devices;
    private readonly ImageFrames _image;
    private readonly byte[] _startInfo = new byte[4096];

    /// <param name="serverEndpoint">Root slot of the endpoint the root task serves; processes get badged copies.</param>
    /// <param name="startCode">The frame holding <see cref="StartCode"/>; each process maps a read-only copy of it.</param>
    public Spawner(RootResources res, ProcessTable table, RootSlot serverEndpoint, AppArchive apps, RootSlot startCode)
    {
        _startCode = startCode;
        _slots = res.Slots;
        _untyped = res.Untyped;
        _kernel = res.Kernel;
        _mapper = res.Mapper;
        _table = table;
        _serverEndpoint = serverEndpoint;
        _apps = apps;
        _memory = new ForeignMemory(res.Kernel);
        _asids = new AsidPools(res.Kernel, res.Untyped, res.Slots);
        _devices = res.Devices;
        _image = res.Image;
    }

    /// <summary>The root slot of the endpoint the root task serves (memory-object handles are badged copies of it).</summary>
    public RootSlot ServerEndpoint => _serverEndpoint;
    /// <summary>The ASID pools VSpaces get their ASIDs from (more are made past 511 processes).</summary>
    public AsidPools Asids => _asids;

    /// <summary>The apps archive processes are started from.</summary>
    public AppArchive Apps => _apps;

    /// <summary>
    /// Starts app <paramref name="name"/> with <paramref name="args"/> (NUL-terminated strings after arg 0) and the
    /// default quota. Validates everything first; on any later failure every object made so far is returned.
    /// </summary>
    public RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ulong parentPid, out Process? process) =>
        Spawn(name, args, parentPid, null, out process);

    /// <summary>
    /// Starts app <paramref name="name"/> with <paramref name="args"/> and <paramref name="quota"/> (null: the default,
    /// <see cref="ProcessTable.Take(ulong, ProcessQuota?, out RootError)"/>), given from its parent's quota. A quota the
    /// parent cannot give is the error naming it; a quota too small to build the child is the error naming that kind
    /// (the child's objects are charged to its own quota as they are made, and all returned on failure).
    /// </summary>
    public RootError Spawn(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ulong parentPid, ProcessQuota? quota, out Process? process)
    {
        SpawnProfile.SpawnStarts(name, args);
        RootError result = SpawnProcess(name, args, parentPid, quota, out process);
        SpawnProfile.SpawnEnds(result == RootError.Ok && process is not null ? process.Pid : 0);
        return result;
    }

    private RootError SpawnProcess(ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, ulong parentPid, ProcessQuota? quota, out Process? process)
    {
        process = null;
        RootError valid = ProcessRules.CheckSpawn(name, args, out int argCount);
        if (valid != RootError.Ok)
        {
            return valid;
        }

        if (_apps.Find(name, out ReadOnlySpan<byte> elf, out int member) != CpioResult.Ok)
        {
            return RootError.NoSuchApp;
        }

        // The archive never changes: an app's ELF is validated at its first spawn, and its page count kept.
        int pages = _apps.PlannedPages(member);
        ElfMapError planError = pages > 0 ? ElfMapError.Ok : ElfMapPlan.Count(elf, out pages);
        _apps.RememberPages(member, planError == ElfMapError.Ok ? pages : 0);
        if (planError != ElfMapError.Ok)
        {
            _kernel.Write("spawn: ");
            _kernel.Write(name);
            _kernel.Write(": ");
            _kernel.Write(ElfMapPlan.Describe(planError));
            _kernel.Write("\n");
            return RootError.BadArgument;
        }

        SpawnProfile.Lap(SpawnPart.RecordsCheck);
        Process? p = _table.Take(parentPid, quota, out RootError taken);
        if (p is null)
        {
            return taken;
        }

        SpawnProfile.Lap(SpawnPart.RecordsTable);

        name.CopyTo(new Span<byte>(p.Name));
        p.NameLength = name.Length;
        p.State = ProcessState.Running;
        if (!MakeSpawnRoom(p, elf, pages))
        {
            _kernel.Write("spawn: ");
            _kernel.Write(name);
            _kernel.Write(": no room for its records (the root task's heap cannot grow, or the ELF has too many pages)\n");
            Destroy(p);
            return RootError.NoMemory;
        }

        SpawnProfile.Lap(SpawnPart.RecordsRoom);
        Sel4Error e = Build(p, elf, pages, name, args, argCount);
        if (e != Sel4Error.NoError && p.Account.HasRefusal)
        {
            QuotaKind kind = p.Account.Refused;
            _kernel.Write("spawn: ");
            _kernel.Write(name);
            _kernel.Write(": its ");
            _kernel.Write(ProcessQuota.Name(kind));
            _kernel.Write(" quota (");
            _kernel.WriteDecimal(p.Account.Limit.Get(kind));
            _kernel.Write(") cannot hold it\n");
            Destroy(p);
            return ProcessQuota.Error(kind);
        }

        if (e != Sel4Error.NoError)
        {
            _kernel.Write("spawn: ");
            _kernel.Write(name);
            _kernel.Write(" failed: ");
            _kernel.Write(Sel4Result.Describe(e));
            if (e == Sel4Error.NotEnoughMemory)
            {
                WhyNoMemory();
            }

            _kernel.Write("\n");
            Destroy(p);
            return e == Sel4Error.NotEnoughMemory ? RootError.NoMemory : RootError.BadArgument;
        }

        process = p;
        return RootError.Ok;
    }

    // Which resource ran out, and what is left of each: " (untyped manager: no free block large enough; 812 MiB free
    // in 1,204 blocks, 1,900 block records free; 20,011 of 61,440 root slots free)".
    private void WhyNoMemory()
    {
        _kernel.Write(" (untyped manager: ");
        _kernel.Write(_untyped.LastFailure switch
        {
            AllocFailure.None => "no failure recorded (the kernel refused)",
            AllocFailure.NoMemory => "no free block large enough",
            AllocFailure.NoBlockRecords => "no block record left",
            AllocFailure.NoSlots => "no free root slot or run of slots",
            AllocFailure.Kernel => "a kernel call failed",
            _ => "refused the request",
        });
        _kernel.Write("; ");
        _kernel.WriteDecimal(_untyped.FreeBytes >> 20);
        _kernel.Write(" MiB free in ");
        _kernel.WriteDecimal((ulong)_untyped.BlockCount);
        _kernel.Write(" blocks, ");
        _kernel.WriteDecimal((ulong)_untyped.BlocksAvailable);
        _kernel.Write(" block records free; ");
        _kernel.WriteDecimal((ulong)_slots.FreeCount);
        _kernel.Write(" of ");
        _kernel.WriteDecimal((ulong)_slots.Capacity);
        _kernel.Write(" root slots free)");
    }

    /// <summary>Returns every object and slot of <paramref name="p"/> to the managers and frees its record.</summary>
    public void Destroy(Process p)
    {
        Reclaim(p);
        p.Reset();
    }

    /// <summary>
    /// Stops <paramref name="p"/>'s thread and returns every object and slot it owns (freeing an allocation revokes its
    /// block, which destroys the objects and every capability derived from them); its identity and status stay.
    /// </summary>
    public void Reclaim(Process p)
    {
        SpawnProfile.ReclaimStarts(); // from here the exit's objects and slots go back (Reclaim)

        if (p.TcbSlot.IsSome)
        {
            _kernel.Suspend(p.TcbSlot);
        }

        SpawnProfile.Lap(SpawnPart.ReclaimCopies);

        // The VSpace first: deleting it invalidates its ASID, so each frame and page table deleted after it is not
        // looked up in the page tables to be unmapped, which the kernel would otherwise do for every one.
        ReadOnlySpan<Allocation> allocations = p.Allocations;
        int vspace = -1;
        for (int i = 0; i < allocations.Length && vspace < 0; i++)
        {
            vspace = allocations[i].Type == ObjectType.VSpace ? i : -1;
        }

        if (vspace >= 0)
        {
            _untyped.Free(allocations[vspace]);
        }

        SpawnProfile.Lap(SpawnPart.ReclaimVSpace);
        ReleaseInterrupt(p);
        ReleaseDevices(p);
        ReleaseSharedPages(p);
        if (p.StartCodeSlot.IsSome)
        {
            p.Account.Release(QuotaKind.Slots, 1);
        }

        ReleaseAddedCNodes(p); // their objects go with the allocations below

        _slots.Release(ref p.StartCodeSlot); // deleting the copy unmaps it
        SpawnProfile.Lap(SpawnPart.ReclaimCopies);
        for (int i = allocations.Length - 1; i >= 0; i--)
        {
            if (i == vspace)
            {
                continue;
            }

            _untyped.Free(allocations[i]);
            SpawnProfile.Lap(SpawnProfile.ReclaimPart(allocations[i].Type));
        }

        p.Space.Reset();
        p.ForgetResources();
        _table.ReturnQuota(p);
        SpawnProfile.Lap(SpawnPart.ReclaimRecords);
        SpawnProfile.ReclaimEnds();
    }

    /// <summary>
    /// Maps <paramref name="count"/> new zeroed pages in the process's heap region (the Alloc request): allocations of
    /// frames (<see cref="ProcessRules.GrantPiece"/>: at most 256 each, a power of two, so the grant is charged exactly
    /// its pages), mapped in order at the lowest free range that fits (<see cref="ProcessRules.FindHeapRange"/>, which
    /// says why the lowest and not a break that only moves up). The process's quotas are checked for the frames and
    /// the page tables the range lacks before any object is made: a refusal is the quota's (the dispatcher answers
    /// QuotaMemory or QuotaSlots) and costs no kernel call. On any failure nothing stays: every frame made is freed
    /// and forgotten.
    /// </summary>
    public RootError GrowHeap(Process p, int count, out ulong vaddr)
    {
        // The request was validated by ProcessRules.CheckAlloc (1 to 2^24 pages). The rest of the validation: a free
        // range, room in the records for the grant, the frames' allocations, their pages and tables, and the quotas.
        vaddr = 0;
        int pieces = ProcessRules.GrantPieces(count);
        if (!ProcessRules.FindHeapRange(p.Grants, count, ProcessAbi.HeapRegionBase, ProcessAbi.HeapRegionEnd, out ulong at, out int index))
        {
            return RootError.NoMemory;
        }

        // The quotas before the records: a request far beyond them must not make the root task grow its own heap first.
        if (!FitsHeapGrant(p, at, count))
        {
            return RootError.NoMemory; // the account recorded which quota refused: the reply names it
        }

        if (!p.MakeGrantRoom() || _mapper.MakeRoom(p, at, count, allocations: pieces) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        int made = 0;
        while (made < count)
        {
            int n = ProcessRules.GrantPiece(count - made);
            ulong pieceAt = at + ((ulong)made * ProcessAbi.PageSize);
            if (_mapper.Alloc(p, ObjectType.SmallPage, 0, n, out Allocation frames) != Sel4Error.NoError)
            {
                ReturnPieces(p, at, made);
                return RootError.NoMemory;
            }

            for (int i = 0; i < n; i++)
            {
                if (_mapper.MapPage(p, frames, i, pieceAt + ((ulong)i * ProcessAbi.PageSize), CapRights.ReadWrite, VmAttributes.Data) != Sel4Error.NoError)
                {
                    ReturnFrames(p, frames, pieceAt, n);
                    ReturnPieces(p, at, made);
                    return RootError.NoMemory;
                }
            }

            made += n;
        }

        p.InsertGrant(index, at, count);
        vaddr = at;
        return RootError.Ok;
    }

    /// <summary>
    /// Whether <paramref name="p"/>'s quotas hold a grant of <paramref name="count"/> pages at <paramref name="at"/>: its
    /// frames (4 KiB of memory and a slot each) and each page table the range lacks (the same). False with the refusal
    /// recorded in its account (memory is checked first).
    /// </summary>
    public static bool FitsHeapGrant(Process p, ulong at, int count)
    {
        int tables = p.Space.TablesToMap(at, count);
        ulong objects = (ulong)count + (ulong)(tables > 0 ? tables : 0);
        ulong bytes = objects * ProcessAbi.PageSize; // a frame and a page table are 4 KiB each on AArch64
        return p.Account.Fits(QuotaKind.Memory, bytes) && p.Account.Fits(QuotaKind.Slots, objects);
    }

    /// <summary>
    /// Gives back grant <paramref name="index"/> of <paramref name="p"/> (the Free request, validated by
    /// <see cref="ProcessRules.CheckFree"/>): freeing its allocations revokes their blocks, which deletes the frame
    /// capabilities and so unmaps the pages; its pages no longer count against the quota and its range can be granted again.
    /// </summary>
    public RootError FreeHeap(Process p, int index)
    {
        HeapGrant grant = p.Grants[index];

        // The bookkeeping must agree with itself before anything is freed: the grant is whole allocations, in order.
        int seen = 0;
        while (seen < grant.Pages)
        {
            if (!p.Space.FindPage(grant.Vaddr + ((ulong)seen * ProcessAbi.PageSize), out PageRecord first) || first.Index != 0 ||
                first.Allocation.Count > grant.Pages - seen)
            {
                return RootError.BadArgument; // change nothing
            }

            seen += first.Allocation.Count;
        }

        if (!ReturnPieces(p, grant.Vaddr, grant.Pages))
        {
            return RootError.BadArgument;
        }

        p.RemoveGrant(index);
        return RootError.Ok;
    }

    // Frees the allocations mapped one after another over [at, +pages) of the heap region (a grant, or the part of one
    // made so far) and forgets their pages and the page tables they leave empty.
    private bool ReturnPieces(Process p, ulong at, int pages)
    {
        int done = 0;
        while (done < pages)
        {
            ulong pieceAt = at + ((ulong)done * ProcessAbi.PageSize);
            if (!p.Space.FindPage(pieceAt, out PageRecord first) || first.Index != 0)
            {
                return false;
            }

            Allocation frames = first.Allocation;
            if (!ReturnFrames(p, frames, pieceAt, frames.Count))
            {
                return false;
            }

            done += frames.Count;
        }

        return true;
    }

    // Frees a heap allocation's frames (unmapping them) and forgets them: the allocation and the pages recorded as its own.
    private bool ReturnFrames(Process p, in Allocation frames, ulong at, int count)
    {
        if (_untyped.Free(frames) != Sel4Error.NoError)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            ulong page = at + ((ulong)i * 4096);
            if (p.Space.FindPage(page, out PageRecord record) && record.Allocation.Block == frames.Block && record.Allocation.Serial == frames.Serial)
            {
                _mapper.ForgetPage(p, page); // and the page table it leaves empty
            }
        }

        p.RemoveAllocation(frames);
        return true;
    }

    // Spawn's validate step: room in the new process's records for everything Build records, before its first kernel
    // call. Objects: VSpace, CNode, CNode directory, top CNode, TCB, notification, the ELF's frames, the stack's top
    // page, the start-info and IPC frames (9 allocations); pages: the ELF's and those four (the start code's copy is one); regions: the stack
    // and its guard page; tables: what each ELF segment's range and the start-info-to-stack-top range lack (a segment
    // sharing a table with another is counted twice: room to spare, never too little).
    private bool MakeSpawnRoom(Process p, ReadOnlySpan<byte> elf, int pages)
    {
        const int Objects = 9;
        const int FixedPages = 4;
        Elf.Parse(elf, out ElfHeader header);
        long tables = p.Space.TablesToMap(ProcessAbi.StartInfoVaddr, (int)((ProcessAbi.StackTop - ProcessAbi.StartInfoVaddr) / ProcessAbi.PageSize));
        for (int i = 0; i < header.PhNum; i++)
        {
            if (ElfMapPlan.SegmentPages(elf, header, i, out ulong first, out int n))
            {
                int t = p.Space.TablesToMap(first, n);
                tables += t > 0 ? t : 0; // a range that is not user space fails when it is mapped
            }
        }

        return tables <= AddressSpace.MaxRecords && pages <= AddressSpace.MaxRecords - FixedPages &&
            p.MakeRoom(Objects + (int)tables, (int)tables, pages + FixedPages, 2) && p.MakeSharedPageRoom(pages) &&
            MakePlanRoom(pages);
    }

    private Sel4Error Build(Process p, ReadOnlySpan<byte> elf, int pages, ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, int argCount)
    {
        Sel4Error e;
        if ((e = _mapper.Alloc(p, ObjectType.VSpace, 0, 1, out Allocation vspace)) != Sel4Error.NoError ||
            (e = _asids.Assign(vspace.FirstSlot)) != Sel4Error.NoError ||
            (e = _mapper.Alloc(p, ObjectType.CNode, CapSlots.FirstCNodeSizeBits, 1, out Allocation cnode)) != Sel4Error.NoError ||
            (e = _mapper.Alloc(p, ObjectType.CNode, TopBits, 1, out Allocation top)) != Sel4Error.NoError ||
            (e = _mapper.Alloc(p, ObjectType.Tcb, 0, 1, out Allocation tcb)) != Sel4Error.NoError ||
            (e = _mapper.Alloc(p, ObjectType.Notification, 0, 1, out Allocation ntfn)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.Objects);
        p.VSpaceSlot = vspace.FirstSlot;
        p.CNodeSlot = cnode.FirstSlot;
        p.DirectorySlot = RootSlot.None; // made by the first CSpaceGrow
        p.CSpaceSlot = top.FirstSlot;
        p.TcbSlot = tcb.FirstSlot;
        p.NotificationSlot = ntfn.FirstSlot;
        if ((e = LoadElf(p, elf, pages)) != Sel4Error.NoError)
        {
            return e;
        }

        if ((e = MapStack(p)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.SetupStack);
        if ((e = GrantMemory(p)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.SetupGrants);
        if ((e = MapIpcAndStartInfo(p, name, args, argCount, out RootSlot ipcFrame)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.SetupIpc);
        if ((e = MapStartCode(p)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.SetupCode);
        if ((e = FillCSpace(p, ntfn.FirstSlot)) != Sel4Error.NoError)
        {
            return e;
        }

        SpawnProfile.Lap(SpawnPart.SetupCSpace);
        if ((e = _kernel.ConfigureThread(p.TcbSlot, WellKnownSlots.FaultHandler, p.CSpaceSlot, 0, p.VSpaceSlot, ProcessAbi.IpcBufferVaddr, ipcFrame)) != Sel4Error.NoError ||
            (e = _kernel.SetPriority(p.TcbSlot, ProcessPriority)) != Sel4Error.NoError ||
            (e = _kernel.BindNotification(p.TcbSlot, p.NotificationSlot)) != Sel4Error.NoError ||
            (e = GrantInterrupt(p)) != Sel4Error.NoError)
        {
            return e;
        }

        _kernel.NameThread(p.TcbSlot, name, p.Pid);
        Elf.Parse(elf, out ElfHeader header);
        e = _kernel.StartThread(p.TcbSlot, ProcessAbi.StartCodeVaddr, ProcessAbi.StackTop, ProcessAbi.StartInfoVaddr, header.Entry);
        SpawnProfile.Lap(SpawnPart.Thread);
        return e;
    }

    // The stack: its top page now, the others when the thread first touches them (TryGrowStack, from the VM fault).
    // The whole stack range and the guard page under it are reserved, so no buffer or shared page can go there, and
    // an overflow into the guard page is a real fault.
    private Sel4Error MapStack(Process p)
    {
        Sel4Error e = p.Space.Reserve(ProcessAbi.StackBottom - 4096, 4096);
        if (e != Sel4Error.NoError ||
            (e = p.Space.Reserve(ProcessAbi.StackBottom, ((ulong)ProcessAbi.StackPages - 1) * 4096)) != Sel4Error.NoError ||
            (e = _mapper.Alloc(p, ObjectType.SmallPage, 0, 1, out Allocation top)) != Sel4Error.NoError)
        {
            return e;
        }

        return _mapper.MapPage(p, top, 0, ProcessAbi.StackTop - 4096, CapRights.ReadWrite, VmAttributes.Data);
    }

    /// <summary>
    /// A VM fault at <paramref name="address"/>: when it is an unmapped page of the process's stack range, maps a
    /// zeroed page there and returns true (the root task then resumes the thread); otherwise false (a real fault). Only
    /// untyped memory running out, or the root task's heap (the records make room first), refuses a stack page.
    /// </summary>
    public bool TryGrowStack(Process p, ulong address)
    {
        ulong page = address & ~(ProcessAbi.PageSize - 1);
        if (address < ProcessAbi.StackBottom || address >= ProcessAbi.StackTop || p.Space.IsMapped(page) ||
            _mapper.MakeRoom(p, page, 1, allocations: 1) != Sel4Error.NoError ||
            _mapper.Alloc(p, ObjectType.SmallPage, 0, 1, out Allocation frame) != Sel4Error.NoError)
        {
            return false;
        }

        return _mapper.MapPage(p, frame, 0, page, CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError;
    }

    private Sel4Error MapIpcAndStartInfo(Process p, ReadOnlySpan<byte> name, ReadOnlySpan<byte> args, int argCount, out RootSlot ipcFrame)
    {
        ipcFrame = RootSlot.None;
        Sel4Error e = _mapper.Alloc(p, ObjectType.SmallPage, 0, 2, out Allocation frames);
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
        Put(info, 32, 0); // no capability to its own TCB: a process cannot suspend itself unseen
        Put(info, 40, CapSlots.Notification);
        Put(info, 48, (ulong)(argCount + 1));
        Put(info, 56, (ulong)(name.Length + 1 + args.Length));
        name.CopyTo(info.Slice(ProcessAbi.ArgsOffset));
        args.CopyTo(info.Slice(ProcessAbi.ArgsOffset + name.Length + 1));
        PutGrantInfo(p, info);
        if ((e = _memory.Write(frames.Slot(0), 0, info)) != Sel4Error.NoError ||
            (e = _mapper.MapPage(p, frames, 0, ProcessAbi.StartInfoVaddr, CapRights.Read, VmAttributes.Data)) != Sel4Error.NoError)
        {
            return e;
        }

        return _mapper.MapPage(p, frames, 1, ProcessAbi.IpcBufferVaddr, CapRights.ReadWrite, VmAttributes.Data);
    }

    // The start code: a read-only, executable copy of the root task's start-code frame (the same bytes for everyone).
    private Sel4Error MapStartCode(Process p)
    {
        if (!p.Account.Fits(QuotaKind.Slots, 1))
        {
            return Sel4Error.NotEnoughMemory;
        }

        Sel4Error e = _slots.CopyNew(_startCode, CapRights.Read, out p.StartCodeSlot);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        p.Account.Charge(QuotaKind.Slots, 1);

        var copy = new Allocation { Type = ObjectType.SmallPage, FirstSlot = p.StartCodeSlot, Count = 1, ObjectBits = 12, SizeBits = 12 };
        return _mapper.MapPage(p, copy, 0, ProcessAbi.StartCodeVaddr, CapRights.Read, VmAttributes.Cacheable);
    }

    private static void Put(Span<byte> page, int offset, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            page[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
