// The simulator's model of address spaces and threads: ASIDs, page tables by level, frame mappings, TCB set-up.
using System;
using System.Collections.Generic;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Tests;

public sealed partial class SimulatedKernel
{
    /// <summary>First address above AArch64 user space (48-bit VA).</summary>
    public const ulong UserTop = 1UL << 48;

    // Paging levels below the VSpace root: a level-n table covers 2^TableCoverBits[n] bytes.
    private static readonly int[] s_tableCoverBits = { 48, 39, 30, 21 };

    /// <summary>The frame capability mapped at <paramref name="vaddr"/> in the VSpace of root slot <paramref name="vspace"/>.</summary>
    public SimCap? PageAt(RootSlot vspace, ulong vaddr) => PageAt(vspace.Index, vaddr);

    public SimCap? PageAt(ulong vspace, ulong vaddr) =>
        CapAt(vspace) is { Type: ObjectType.VSpace } v && v.Object.Pages.TryGetValue(vaddr & ~0xFFFUL, out SimCap? page) ? page : null;

    /// <summary>ASIDs one pool holds (seL4: 2^9); the root task's own VSpace has one of the initial pool's.</summary>
    public const int AsidsPerPool = 512;

    /// <summary>ASIDs given from each pool (by the pool's slot); a deleted VSpace's ASID is not given back here.</summary>
    public Dictionary<ulong, int> AsidsGiven { get; } = new() { [InitialCaps.InitThreadAsidPool] = 1 };

    public override Sel4Error AssignAsid(RootSlot vspace, RootSlot pool)
    {
        int given = AsidsGiven.TryGetValue(pool.Index, out int g) ? g : -1;
        Sel4Error e = Injected(out Sel4Error injected) ? injected :
            given < 0 ? Sel4Error.InvalidCapability :
            !_slots.TryGetValue(vspace.Index, out SimCap? cap) ? Sel4Error.InvalidCapability :
            cap.Type != ObjectType.VSpace || cap.Object.HasAsid ? Sel4Error.InvalidCapability :
            given >= AsidsPerPool ? Sel4Error.DeleteFirst : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            _slots[vspace.Index].Object.HasAsid = true;
            AsidsGiven[pool.Index] = given + 1;
        }

        return Record("AssignAsid", vspace.Index, 0, 0, pool.Index, 0, e);
    }

    /// <summary>MakeAsidPool answers NotEnoughMemory (as a kernel with no pool left would).</summary>
    public bool RefuseAsidPools { get; set; }

    public override Sel4Error MakeAsidPool(RootSlot untyped, RootSlot dest)
    {
        Sel4Error e = Injected(out Sel4Error injected) ? injected :
            RefuseAsidPools ? Sel4Error.NotEnoughMemory :
            !_slots.TryGetValue(untyped.Index, out SimCap? cap) || cap.Type != ObjectType.Untyped ? Sel4Error.InvalidCapability :
            _slots.ContainsKey(dest.Index) ? Sel4Error.DeleteFirst : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            Place(new SimCap { Slot = dest.Index, Type = ObjectType.Untyped, Object = new SimObject(ObjectType.Untyped, 0) });
            AsidsGiven[dest.Index] = 0;
        }

        return Record("MakeAsidPool", untyped.Index, ObjectType.Untyped, 0, dest.Index, 1, e);
    }

    public override Sel4Error MapPageTable(RootSlot table, RootSlot vspace, ulong vaddr)
    {
        Sel4Error e = CheckMapping(table.Index, ObjectType.PageTable, vspace.Index, vaddr, out SimCap? cap, out SimObject? space);
        if (e == Sel4Error.NoError)
        {
            int level = 1;
            while (level <= 3 && space!.Tables.ContainsKey((level, Base(vaddr, level))))
            {
                level++;
            }

            if (level > 3)
            {
                e = Sel4Error.DeleteFirst;
            }
            else
            {
                space!.Tables.Add((level, Base(vaddr, level)), cap!);
                cap!.MappedIn = space;
                cap.MappedAt = Base(vaddr, level);
                cap.MappedLevel = level;
            }
        }

        return Record("MapPageTable", table.Index, 0, 0, vaddr, 0, e);
    }

    public override Sel4Error MapFrame(RootSlot frame, RootSlot vspace, ulong vaddr, CapRights rights, VmAttributes attributes)
    {
        Sel4Error e = CheckMapping(frame.Index, ObjectType.SmallPage, vspace.Index, vaddr, out SimCap? cap, out SimObject? space);
        if (e == Sel4Error.NoError)
        {
            if ((vaddr & 0xFFF) != 0)
            {
                e = Sel4Error.AlignmentError;
            }
            else if (!space!.Tables.ContainsKey((1, Base(vaddr, 1))) || !space.Tables.ContainsKey((2, Base(vaddr, 2))) || !space.Tables.ContainsKey((3, Base(vaddr, 3))))
            {
                e = Sel4Error.FailedLookup;
            }
            else if (!space.Pages.TryAdd(vaddr, cap!))
            {
                e = Sel4Error.DeleteFirst;
            }
            else
            {
                cap!.MappedIn = space;
                cap.MappedAt = vaddr;
                cap.MappedRights = rights & cap.Rights;
                cap.MappedAttributes = attributes;
            }
        }

        return Record("MapFrame", frame.Index, 0, 0, vaddr, 0, e);
    }

    public override Sel4Error UnmapFrame(RootSlot frame)
    {
        Sel4Error e = Injected(out Sel4Error injected) ? injected :
            !_slots.TryGetValue(frame.Index, out SimCap? cap) ? Sel4Error.InvalidCapability :
            cap.Type != ObjectType.SmallPage ? Sel4Error.IllegalOperation : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            Unmapped(_slots[frame.Index]);
        }

        return Record("UnmapFrame", frame.Index, 0, 0, 0, 0, e);
    }

    public override unsafe byte* RootMemory(ulong vaddr)
    {
        SimCap? page = PageAt(InitialCaps.InitThreadVSpace, vaddr);
        if (page is null)
        {
            throw new InvalidOperationException($"the root task would fault: nothing is mapped at 0x{vaddr:x} in its address space");
        }

        fixed (byte* p = page.Object.Memory)
        {
            return p + (vaddr & 0xFFF); // the array is pinned
        }
    }

    private Sel4Error CheckMapping(ulong slot, ObjectType type, ulong vspace, ulong vaddr, out SimCap? cap, out SimObject? space)
    {
        cap = null;
        space = null;
        if (Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!_slots.TryGetValue(slot, out cap) || !_slots.TryGetValue(vspace, out SimCap? v))
        {
            return Sel4Error.InvalidCapability;
        }

        if (cap.Type != type)
        {
            return Sel4Error.IllegalOperation;
        }

        if (cap.MappedIn is not null)
        {
            return Sel4Error.InvalidCapability; // seL4: the capability is already mapped
        }

        if (v.Type != ObjectType.VSpace || !v.Object.HasAsid)
        {
            return Sel4Error.InvalidCapability;
        }

        if (vaddr >= UserTop)
        {
            return Sel4Error.InvalidArgument;
        }

        space = v.Object;
        return Sel4Error.NoError;
    }

    private static ulong Base(ulong vaddr, int level) => vaddr & ~((1UL << s_tableCoverBits[level]) - 1);

    // A frame or page-table capability that goes away (or is unmapped) takes its mapping with it.
    private static void Unmapped(SimCap cap)
    {
        SimObject? space = cap.MappedIn;
        if (space is null)
        {
            return;
        }

        if (cap.Type == ObjectType.PageTable)
        {
            space.Tables.Remove((cap.MappedLevel, cap.MappedAt));
        }
        else if (space.Pages.TryGetValue(cap.MappedAt, out SimCap? mapped) && ReferenceEquals(mapped, cap))
        {
            space.Pages.Remove(cap.MappedAt);
        }

        cap.MappedIn = null;
        cap.MappedAt = 0;
    }

    public override Sel4Error ConfigureThread(RootSlot tcb, ProcessSlot faultEndpoint, RootSlot cnode, ulong guardData, RootSlot vspace, ulong ipcBufferVaddr, RootSlot ipcFrame)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        if (e == Sel4Error.NoError)
        {
            SimCap? c = CapAt(cnode.Index);
            SimCap? v = CapAt(vspace.Index);
            SimCap? f = CapAt(ipcFrame.Index);
            e = c is null || c.Type != ObjectType.CNode || v is null || v.Type != ObjectType.VSpace || !v.Object.HasAsid || f is null || f.Type != ObjectType.SmallPage
                ? Sel4Error.IllegalOperation
                : (ipcBufferVaddr & 0x1FF) != 0 ? Sel4Error.AlignmentError : Sel4Error.NoError;
            if (e == Sel4Error.NoError)
            {
                t!.Configured = true;
                t.FaultEndpoint = faultEndpoint.Index;
                t.CSpace = c!.Object;
                t.CSpaceGuard = guardData;
                t.VSpace = v!.Object;
                t.IpcBufferVaddr = ipcBufferVaddr;
                t.IpcBufferFrame = f!.Object;
            }
        }

        return Record("ConfigureThread", tcb.Index, 0, 0, 0, 0, e);
    }

    public override Sel4Error SetPriority(RootSlot tcb, ulong priority)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        if (e == Sel4Error.NoError && priority > 255)
        {
            e = Sel4Error.RangeError;
        }

        if (e == Sel4Error.NoError)
        {
            t!.Priority = priority;
        }

        return Record("SetPriority", tcb.Index, 0, 0, priority, 0, e);
    }

    public override Sel4Error BindNotification(RootSlot tcb, RootSlot notification)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        SimCap? n = CapAt(notification.Index);
        if (e == Sel4Error.NoError)
        {
            e = n is null || n.Type != ObjectType.Notification ? Sel4Error.IllegalOperation :
                t!.Bound is not null || n.Object.Bound is not null ? Sel4Error.IllegalOperation : Sel4Error.NoError;
        }

        if (e == Sel4Error.NoError)
        {
            t!.Bound = n!.Object;
            n.Object.Bound = t;
        }

        return Record("BindNotification", tcb.Index, 0, 0, notification.Index, 0, e);
    }

    public override void NameThread(RootSlot tcb, ReadOnlySpan<byte> name, ulong pid)
    {
        if (Thread(tcb.Index, out SimObject? t) == Sel4Error.NoError)
        {
            Span<byte> full = stackalloc byte[ThreadName.MaxBytes];
            t!.Name = System.Text.Encoding.ASCII.GetString(full.Slice(0, ThreadName.Format(full, name, pid)));
        }
    }

    public override Sel4Error StartThread(RootSlot tcb, ulong pc, ulong sp, ulong x0, ulong x1)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        if (e == Sel4Error.NoError)
        {
            if (!t!.Configured)
            {
                Misuse.Add($"thread in slot {tcb.Index} started before it was configured");
            }

            t.Pc = pc;
            t.Sp = sp;
            t.X0 = x0;
            t.X1 = x1;
            t.Running = true;
        }

        return Record("StartThread", tcb.Index, 0, 0, pc, 0, e);
    }

    public override Sel4Error ReadRegisters(RootSlot tcb, out UserContext registers)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        registers = e == Sel4Error.NoError ? t!.Registers : default;
        return Record("ReadRegisters", tcb.Index, 0, 0, 0, 0, e);
    }

    public override Sel4Error WriteRegisters(RootSlot tcb, bool resume, in UserContext registers)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        if (e == Sel4Error.NoError)
        {
            t!.Registers = registers;
            t.Running |= resume;
        }

        return Record("WriteRegisters", tcb.Index, 0, 0, registers.Pc, resume ? 1 : 0, e);
    }

    /// <summary>How often the root task yielded (the simulator runs no other thread).</summary>
    public int Yields { get; private set; }

    public override void Yield() => Yields++;

    public override Sel4Error Suspend(RootSlot tcb)
    {
        Sel4Error e = Thread(tcb.Index, out SimObject? t);
        if (e == Sel4Error.NoError)
        {
            t!.Running = false;
        }

        return Record("Suspend", tcb.Index, 0, 0, 0, 0, e);
    }

    private Sel4Error Thread(ulong slot, out SimObject? tcb)
    {
        tcb = null;
        if (Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!_slots.TryGetValue(slot, out SimCap? cap))
        {
            return Sel4Error.InvalidCapability;
        }

        if (cap.Type != ObjectType.Tcb)
        {
            return Sel4Error.IllegalOperation;
        }

        tcb = cap.Object;
        return Sel4Error.NoError;
    }
}
