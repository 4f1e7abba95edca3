// cspace: a process's CSpace grows past its first 64-slot CNode on demand, stops at its slot and memory quotas with their errors, and all comes back.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// The `cspace` demo (issue 15, item 1). The parent fills 500 slots with copies of its notification (CNode_Mint through
/// <see cref="CapSlots.SelfCNode"/>), past CNode 0's 57 free slots and CNode 1's 256, so libsmos's <see cref="CapSpace"/>
/// asks the root task for two more CNodes (CSpaceGrow); it signals through a copy in the last CNode and sees the bit, receives a
/// memory object's handles from the root task into the added CNodes and maps the object through them, then deletes
/// every copy. Two children with small quotas grow until refused: one by its slot quota (QuotaSlots), one by its memory
/// quota (QuotaMemory); each ends holding nothing. The boot script checks every untyped byte and slot came back.
/// </summary>
public static class CSpace
{
    private const int Copies = 500;
    private const ulong Bit = 1UL << 30; // a notification bit nothing else in this process uses
    private const ulong SlotQuota = 1024;
    private const ulong MemoryQuota = 1UL << 20;
    private static int _failures;

    public static int Main(string[] args) => args.Length == 0 ? Parent() : args[0] == "fill-slots" ? FillSlots() : FillMemory();

    private static int Parent()
    {
        Console.WriteLine($"cspace: start: {CapSpace.CNodes} CNode, {CapSpace.Capacity} slots free for the app");
        ulong[] slots = new ulong[Copies];
        var self = new CNode(CapSlots.SelfCNode, 64);
        for (int i = 0; i < Copies; i++)
        {
            RootError e = CapSpace.Alloc(out slots[i]);
            Check(e == RootError.Ok, "a slot was refused", e);
            Check(e != RootError.Ok || self.Mint(slots[i], self, CapSlots.Notification, CapRights.Write, Bit).IsOk, "a mint failed", e);
        }

        ulong last = slots[Copies - 1];
        Console.WriteLine($"cspace: {Copies} notification copies held in {CapSpace.CNodes} CNodes (the last in CNode {CapSlots.CNodeOf(last)}, " +
            $"slot {CapSlots.SlotOf(last)}); {CapSpace.Taken} of {CapSpace.Capacity} slots taken");
        Check(CapSpace.CNodes == 3 && CapSlots.CNodeOf(last) == 2, $"{Copies} slots did not take three CNodes", RootError.Ok);

        Notifications.Poll();
        new Notification(last).Signal();
        Check((Notifications.Poll() & Bit) != 0, "a signal through the copy in CNode 2 did not arrive", RootError.Ok);
        Console.WriteLine("cspace: a signal through the copy in CNode 2 arrived");

        // The root task's replies land in the added CNodes, and a handle there is sent with a request.
        RootError m = MemoryObject.Create(1, out MemoryObject obj);
        Check(m == RootError.Ok && CapSlots.CNodeOf(obj.Handle) == 2, "a memory object's handle did not land in CNode 2", m);
        m = obj.NewHandle(readOnly: true, out MemoryObject ro);
        Check(m == RootError.Ok, "a read-only handle was refused", m);
        if (m == RootError.Ok && obj.Map(writable: true, out MemoryMapping rw) == RootError.Ok && ro.Map(writable: false, out MemoryMapping view) == RootError.Ok)
        {
            rw.Bytes.Set(100, 77);
            Check(view.Bytes[100] == 77, "the read-only mapping did not see the write", RootError.Ok);
            Console.WriteLine($"cspace: a memory object's handles received into CNode 2 (slots {CapSlots.SlotOf(obj.Handle)} and {CapSlots.SlotOf(ro.Handle)}) map it: read back 77");
            view.Unmap();
            rw.Unmap();
        }
        else
        {
            Check(false, "mapping through the handles in CNode 2 failed", RootError.Ok);
        }

        obj.Close();
        CapSpace.Delete(ro.Handle);
        for (int i = 0; i < Copies; i++)
        {
            CapSpace.Delete(slots[i]);
        }

        Console.WriteLine($"cspace: every copy deleted: {CapSpace.Taken} of {CapSpace.Capacity} slots taken, {CapSpace.CNodes} CNodes kept until exit");
        Check(CapSpace.Taken == 0, "slots stayed taken", RootError.Ok);

        Run("fill-slots", new ProcessQuota(4UL << 20, SlotQuota, 0, 0, 0, 0));
        Run("fill-memory", new ProcessQuota(MemoryQuota, 4096, 0, 0, 0, 0));
        Console.WriteLine($"cspace: {_failures} failures");
        return _failures == 0 ? 0 : 1;
    }

    // Spawns a child with this quota, waits for it, and checks it exited 0 holding nothing.
    private static void Run(string mode, in ProcessQuota quota)
    {
        RootError e = Process.Spawn("cspace", [mode], quota, out ulong pid);
        Check(e == RootError.Ok, "a child was not spawned", e);
        while (e == RootError.Ok && Process.TryGetInfo(pid, out ProcessInfo? info) == RootError.Ok && info!.State == ListedState.Running)
        {
            Notifications.Poll();
        }

        bool idle = e == RootError.Ok && Process.TryGetInfo(pid, out ProcessInfo? ended) == RootError.Ok && ended!.Used.Memory == 0 && ended.Used.Slots == 0;
        Check(idle, "an ended child still held memory or slots", RootError.Ok);
        Check(e == RootError.Ok && Process.Wait(pid, out long code) == RootError.Ok && code == 0, "a child did not exit 0", RootError.Ok);
    }

    // Copies of the notification into every slot libsmos hands out, until the slot quota refuses the next CNode.
    private static int FillSlots()
    {
        var self = new CNode(CapSlots.SelfCNode, 64);
        int n = 0;
        RootError e;
        while ((e = CapSpace.Alloc(out ulong slot)) == RootError.Ok && self.Mint(slot, self, CapSlots.Notification, CapRights.Write, Bit).IsOk)
        {
            n++;
        }

        Console.WriteLine($"cspace fill-slots: {n} copies in {CapSpace.CNodes} CNodes, then: {Process.Describe(e)}");
        return e == RootError.QuotaSlots && CapSpace.CNodes > 1 && n == CapSpace.Capacity ? 0 : 1;
    }

    // Two CNodes while memory lasts (the bitmap has its room then), then pages until the memory quota refuses one, one
    // page back (4 KiB free: less than a CNode's 8 KiB), and one more CNode: refused by the memory quota.
    private static int FillMemory()
    {
        RootError a = CapSpace.Grow(out _), b = CapSpace.Grow(out _);
        Span<nuint> pages = stackalloc nuint[256];
        int n = 0;
        while (n < pages.Length && Memory.AllocPages(1, out pages[n]) == RootError.Ok)
        {
            n++;
        }

        if (n > 0)
        {
            Memory.FreePages(pages[--n], 1);
        }

        RootError e = CapSpace.Grow(out _);
        for (int i = 0; i < n; i++)
        {
            Memory.FreePages(pages[i], 1);
        }

        Console.WriteLine($"cspace fill-memory: a CNode refused with {CapSpace.CNodes} CNodes held: {Process.Describe(e)}");
        return a == RootError.Ok && b == RootError.Ok && e == RootError.QuotaMemory ? 0 : 1;
    }

    private static void Check(bool ok, string what, RootError e)
    {
        if (!ok)
        {
            _failures++;
            Console.WriteLine($"cspace: FAIL {what} ({ProcessAbi.Describe(e)})");
        }
    }
}
