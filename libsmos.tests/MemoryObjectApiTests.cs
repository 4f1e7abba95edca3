// libsmos's MemoryObject and MemoryMapping through the whole system on the host: two processes, one object, rights, lifetime, stale handles.
using System;
using Smos.Lib;
using Smos.Protocol;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;
using ProcessRecord = Smos.RootTask.Processes.Process;

namespace Smos.Lib.Tests;

public class MemoryObjectApiTests
{
    // What the kernel does when a process sends a capability over IPC: a copy lands in a slot of the receiver.
    private static ulong Pass(HostWorld h, ProcessRecord from, ulong cap, ProcessRecord to, ulong slot)
    {
        var src = new RootSlot(FindRootHandle(h, h.World.CapOf(from, cap)!));
        Assert.Equal(Sel4Error.NoError, h.World.Kernel.CopyInto(to.CNodeSlot, CapSlots.FirstCNodeSizeBits, new ProcessSlot(slot), src, CapRights.Write, false, 0));
        return slot;
    }

    // The root task's minted original the process's copy came from.
    private static ulong FindRootHandle(HostWorld h, RootTask.Tests.SimCap copy)
    {
        RootTask.Tests.SimCap c = copy;
        while (c.Parent is not null && c.Container is not null)
        {
            c = c.Parent;
        }

        return c.Slot;
    }

    [Fact]
    public void TwoProcessesSharePagesThroughHandlesWithTheirRightsUntilTheLastMappingGoes()
    {
        var h = new HostWorld();
        ProcessRecord a = h.Start("hello");
        ProcessRecord b = h.Start("hello");
        var before = h.World.Snapshot();
        ulong roCap = 0, rwCap = 0;
        h.As(a, () =>
        {
            Assert.Equal(RootError.BadArgument, MemoryObject.Create(0, out _));
            // One page: the host world translates process addresses page by page (its frames are separate arrays), so
            // a span across pages is seL4's only (the memobj demo maps 4 pages there).
            Assert.Equal(RootError.BadArgument, MemoryObject.Create(MemoryObjectAbi.MaxPages + 1, out _));
            Assert.Equal(RootError.Ok, MemoryObject.Create(1, out MemoryObject obj));
            Assert.Equal(1, obj.Pages);
            Assert.Equal(RootError.Ok, obj.Map(writable: true, out MemoryMapping m));
            Assert.Equal(Connections.SharedBase, m.Address);
            Assert.Equal(4096, m.Bytes.Length);
            Assert.Equal(0UL, m.Words[511]); // zeroed
            m.Bytes.Set(4000, 42);
            Assert.Equal(RootError.Ok, obj.NewHandle(readOnly: true, out MemoryObject ro));
            Assert.Equal(RootError.ReadOnlyHandle, ro.Map(writable: true, out _));
            Assert.Equal(RootError.ReadOnlyHandle, ro.NewHandle(readOnly: false, out _));
            roCap = ro.Handle;
            rwCap = obj.Handle;
            Assert.Equal(RootError.Ok, obj.Close()); // still mapped here: it lives
            Assert.Equal(RootError.Ok, ro.Map(writable: false, out MemoryMapping again));
            Assert.Equal(42, again.Bytes[4000]);
            Assert.Equal(RootError.Ok, again.Unmap());
            Assert.Equal(RootError.Ok, m.Unmap()); // its last mapping
        });

        // Closed and unmapped before anyone else mapped it: destroyed, every handle revoked: the copy here is an empty
        // slot. (seL4 sends nothing for an empty slot, so the root task answers NoMemoryObject: the memobj demo checks it
        // there; this host world passes an attached empty slot on as a capability, which the chaos tests rely on.)
        Assert.Null(h.World.CapOf(a, roCap));
        Assert.Null(h.World.CapOf(a, rwCap));
        Assert.Equal(before, h.World.Snapshot());

        // Again, with B mapping it before the creator lets go.
        ulong inB = 0;
        MemoryObject keep = default;
        MemoryMapping aMap = default;
        h.As(a, () =>
        {
            Assert.Equal(RootError.Ok, MemoryObject.Create(1, out keep));
            Assert.Equal(RootError.Ok, keep.Map(writable: true, out aMap));
            aMap.Words.Set(3, 0xfeed);
            Assert.Equal(RootError.Ok, keep.NewHandle(readOnly: true, out MemoryObject ro));
            roCap = ro.Handle;
        });
        inB = Pass(h, a, roCap, b, 60);
        h.As(b, () =>
        {
            MemoryObject obj = MemoryObject.FromHandle(inB);
            Assert.Equal(RootError.ReadOnlyHandle, obj.Map(writable: true, out _));
            Assert.Equal(RootError.Ok, obj.Map(writable: false, out MemoryMapping m));
            Assert.Equal(0xfeedUL, m.Words[3]); // A's store, through B's own mapping
            Assert.Equal(RootError.NotPermitted, obj.Close()); // only its creator holds it open
        });
        h.As(a, () => Assert.Equal(RootError.Ok, keep.Close()));
        Assert.NotNull(h.World.PageOf(b, Connections.SharedBase));
        h.World.Dispatcher.End(b, RootTask.Processes.EndReason.Killed, ExitCodes.Killed); // B's end unmaps its mapping
        h.As(a, () =>
        {
            // A still maps it: unmapping the last mapping destroys it.
            Assert.Equal(RootError.Ok, aMap.Unmap());
        });
        Assert.Null(h.World.CapOf(a, roCap)); // revoked
        Assert.Equal(0, h.World.Dispatcher.MemoryObjects.ObjectCount);
    }
}
