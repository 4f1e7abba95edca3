// A model of the seL4 capability and untyped behaviour the root task relies on, recording every call (core: retype, revoke, delete).
using System;
using System.Collections.Generic;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Tests;

/// <summary>A capability in the simulated root CNode.</summary>
public sealed class SimCap
{
    public ulong Slot { get; set; }

    public ObjectType Type { get; init; }

    public ulong PAddr { get; init; }

    /// <summary>log2 of the object's size in bytes.</summary>
    public int SizeBits { get; init; }

    public bool IsDevice { get; init; }

    public SimCap? Parent { get; set; }

    /// <summary>The object this capability names (shared by every copy of it).</summary>
    public SimObject Object { get; init; } = new SimObject(ObjectType.Untyped, 0);

    /// <summary>The CNode object holding this capability, or null for the root task's CNode.</summary>
    public SimObject? Container { get; init; }

    public ulong Badge { get; init; }

    /// <summary>A CNode capability's guard data as CNode_Mint set it (guard size in the low 6 bits, guard above).</summary>
    public ulong Guard { get; init; }

    public CapRights Rights { get; init; } = CapRights.All;

    /// <summary>A reply capability saved by SaveCaller: whom it answers.</summary>
    public ulong ReplyTo { get; init; }

    public bool IsReply { get; init; }

    /// <summary>An IRQHandler capability: the interrupt it handles (-1 for every other capability).</summary>
    public long Irq { get; init; } = -1;

    /// <summary>Frame and page-table caps: the VSpace they are mapped in (per capability, as in seL4), or null.</summary>
    public SimObject? MappedIn { get; set; }

    public ulong MappedAt { get; set; }

    public CapRights MappedRights { get; set; }

    /// <summary>The VM attributes a frame was mapped with (cacheable, execute-never).</summary>
    public VmAttributes MappedAttributes { get; set; }

    /// <summary>Page tables: the paging level they were mapped at (1..3).</summary>
    public int MappedLevel { get; set; }

    public bool Dead { get; set; }

    public List<SimCap> Children { get; } = new();

    /// <summary>For an untyped: the offset of its first free byte (seL4's freeIndex).</summary>
    public ulong Watermark { get; set; }

    public ulong End => PAddr + (1UL << SizeBits);
}

/// <summary>One recorded kernel call and its result.</summary>
public sealed record KernelCall(string Op, ulong Slot, ObjectType Type, int SizeBits, ulong Dest, int Count, Sel4Error Result);

/// <summary>
/// Simulates seL4 16.0.0 (AArch64) for Untyped_Retype, CNode_Revoke and CNode_Delete in the root task's CSpace (the
/// boot CNode of 4096 slots as node 0, and the second-level CNodes <see cref="InstallNode"/> puts in the top level:
/// cptr = (node &lt;&lt; 12) | slot; a multi-object retype stays within one node, as the kernel retypes into one CNode):
/// argument checks in the kernel's order, destination slots that must be empty (DeleteFirst), untyped
/// watermarks with the reset of a childless untyped, aligned placement and NotEnoughMemory, frames-only
/// from device untypeds, and the derivation tree (Revoke deletes all descendants). Legal but suspicious
/// calls (revoking or deleting an empty slot) and any physical overlap of live objects go to <see cref="Misuse"/>.
/// </summary>
public sealed partial class SimulatedKernel : ServerKernel
{
    private readonly Dictionary<ulong, SimCap> _slots = new();
    private readonly SortedList<ulong, SimCap> _objectsByAddress = new();
    private readonly ulong _cnodeSlots;
    private readonly HashSet<ulong> _nodes = new() { 0 };
    private int _failIn = -1;
    private Sel4Error _failWith;

    public SimulatedKernel(ulong cnodeSlots = 4096)
    {
        _cnodeSlots = cnodeSlots;
    }

    public List<KernelCall> Calls { get; } = new();

    /// <summary>Top-level slots holding a CNode of the root task's CSpace (0: the boot CNode).</summary>
    public IReadOnlyCollection<ulong> Nodes => _nodes;

    public List<string> Misuse { get; } = new();

    public int LiveCaps => _slots.Count;

    /// <summary>Capabilities in every CNode: the root task's and those of processes.</summary>
    public int AllLiveCaps { get; private set; }

    /// <summary>Live objects other than untypeds.</summary>
    public IEnumerable<SimCap> LiveObjects
    {
        get
        {
            foreach (SimCap cap in _slots.Values)
            {
                if (cap.Type != ObjectType.Untyped)
                {
                    yield return cap;
                }
            }
        }
    }

    public SimCap? CapAt(ulong slot) => _slots.TryGetValue(slot, out SimCap? cap) ? cap : null;

    /// <summary>The capability in a root slot, or null.</summary>
    public SimCap? CapAt(RootSlot slot) => CapAt(slot.Index);

    /// <summary>seL4's CONFIG_RESET_CHUNK_BITS in the kernels SmosSharp runs on (gen_config.json: 8).</summary>
    public const int ResetChunkBits = 8;

    private const ulong ResetChunk = 1UL << ResetChunkBits;

    /// <summary>Bytes the kernel has cleared resetting untypeds (a retype from an untyped whose children are all gone).</summary>
    public ulong ResetBytes { get; private set; }

    /// <summary>Puts a boot untyped in <paramref name="slot"/>.</summary>
    public void AddBootUntyped(ulong slot, ulong paddr, int sizeBits, bool device) =>
        Place(new SimCap { Slot = slot, Type = ObjectType.Untyped, PAddr = paddr, SizeBits = sizeBits, IsDevice = device });

    /// <summary>Puts a frame of the root task's image (a 4 KiB page, as boot info's userImageFrames) in <paramref name="slot"/>.</summary>
    public void AddImageFrame(ulong slot) =>
        Place(new SimCap { Slot = slot, Type = ObjectType.SmallPage, SizeBits = 12, Object = new SimObject(ObjectType.SmallPage, 0) });

    /// <summary>Puts a capability into its slot (root CNode or <see cref="SimCap.Container"/>) and counts it.</summary>
    private void Place(SimCap cap)
    {
        if (cap.Container is null)
        {
            _slots.Add(cap.Slot, cap);
        }
        else
        {
            cap.Container.Contents.Add(cap.Slot, cap);
        }

        cap.Object.Caps++;
        AllLiveCaps++;
    }

    /// <summary>Makes the call after <paramref name="callsToSkip"/> further calls fail with <paramref name="error"/> (once, without effect).</summary>
    public void FailCall(int callsToSkip, Sel4Error error)
    {
        _failIn = callsToSkip;
        _failWith = error;
    }

    public override Sel4Error RetypeUntyped(RootSlot parentSlot, int childSizeBits, RootSlot destSlot, int count) =>
        Record("RetypeUntyped", parentSlot.Index, ObjectType.Untyped, childSizeBits, destSlot.Index, count, DoRetype(parentSlot.Index, ObjectType.Untyped, childSizeBits, destSlot.Index, count));

    public override Sel4Error Retype(RootSlot untypedSlot, ObjectType type, int sizeBits, RootSlot destSlot, int count) =>
        Record("Retype", untypedSlot.Index, type, sizeBits, destSlot.Index, count, DoRetype(untypedSlot.Index, type, sizeBits, destSlot.Index, count));

    public override Sel4Error Revoke(RootSlot slot) => Record("Revoke", slot.Index, 0, 0, 0, 0, DoRevoke(slot.Index));

    public override Sel4Error Delete(RootSlot slot) => Record("Delete", slot.Index, 0, 0, 0, 0, DoDelete(slot.Index));

    /// <summary>CNode_Copy of a CNode of 4096 slots into top-level slot <paramref name="node"/> (which must be empty).</summary>
    public override Sel4Error InstallNode(RootSlot cnode, ulong node)
    {
        Sel4Error e = !InRoot(cnode.Index) ? Sel4Error.FailedLookup :
            !_slots.TryGetValue(cnode.Index, out SimCap? cap) ? Sel4Error.FailedLookup :
            cap.Type != ObjectType.CNode || 1UL << cap.Object.SlotBits != _cnodeSlots ? Sel4Error.IllegalOperation :
            _nodes.Contains(node) ? Sel4Error.DeleteFirst : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            _nodes.Add(node);
        }

        return Record("InstallNode", cnode.Index, ObjectType.CNode, 0, node, 1, e);
    }

    /// <summary>True when <paramref name="cptr"/> names a slot of a CNode of the root task's CSpace.</summary>
    private bool InRoot(ulong cptr) => _nodes.Contains(cptr / _cnodeSlots);

    private Sel4Error Record(string op, ulong slot, ObjectType type, int sizeBits, ulong dest, int count, Sel4Error result)
    {
        Calls.Add(new KernelCall(op, slot, type, sizeBits, dest, count, result));
        return result;
    }

    private bool Injected(out Sel4Error error)
    {
        error = Sel4Error.NoError;
        if (_failIn < 0)
        {
            return false;
        }

        if (_failIn-- > 0)
        {
            return false;
        }

        error = _failWith;
        return true;
    }

    private Sel4Error DoRetype(ulong utSlot, ObjectType type, int userBits, ulong dest, int count)
    {
        if (Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!InRoot(utSlot))
        {
            return Sel4Error.FailedLookup;
        }

        if (!_slots.TryGetValue(utSlot, out SimCap? ut))
        {
            return Sel4Error.InvalidCapability;
        }

        if (ut.Type != ObjectType.Untyped)
        {
            return Sel4Error.IllegalOperation;
        }

        if ((ulong)type > (ulong)ObjectType.PageTable)
        {
            return Sel4Error.InvalidArgument;
        }

        if (userBits < 0 || userBits >= 64)
        {
            return Sel4Error.RangeError;
        }

        if (type == ObjectType.CNode && userBits == 0)
        {
            return Sel4Error.InvalidArgument;
        }

        if (type == ObjectType.Untyped && userBits < ObjectSizes.MinUntypedBits)
        {
            return Sel4Error.InvalidArgument;
        }

        if (type == ObjectType.Untyped && userBits > ObjectSizes.MaxUntypedBits)
        {
            return Sel4Error.RangeError;
        }

        if (count < 1 || count > ObjectSizes.MaxRetypeCount)
        {
            return Sel4Error.RangeError;
        }

        if (!InRoot(dest) || (ulong)count > _cnodeSlots - (dest % _cnodeSlots))
        {
            return Sel4Error.RangeError;
        }

        for (int i = 0; i < count; i++)
        {
            if (_slots.ContainsKey(dest + (ulong)i))
            {
                return Sel4Error.DeleteFirst;
            }
        }

        if (ut.IsDevice && type != ObjectType.Untyped && !ObjectSizes.IsFrame(type))
        {
            return Sel4Error.InvalidArgument;
        }

        // A childless untyped is reset: its whole region becomes free again, and seL4 clears what it had used (all of a
        // block under 2^8 bytes, else the used part in 256-byte chunks: resetUntypedCap; device memory is never cleared).
        if (ut.Children.Count == 0)
        {
            ulong used = ut.SizeBits < ResetChunkBits ? 1UL << ut.SizeBits : (ut.Watermark + ResetChunk - 1) & ~(ResetChunk - 1);
            ResetBytes += ut.IsDevice || ut.Watermark == 0 ? 0 : used;
            ut.Watermark = 0;
        }

        int objectBits = type == ObjectType.CNode ? userBits + ObjectSizes.SlotBits : ObjectSizes.Bits(type, userBits);
        ulong size = 1UL << ut.SizeBits;
        if (objectBits > ut.SizeBits)
        {
            return Sel4Error.NotEnoughMemory;
        }

        ulong objectSize = 1UL << objectBits;
        ulong aligned = (ut.Watermark + objectSize - 1) & ~(objectSize - 1);
        if (aligned > size || (ulong)count > (size - aligned) >> objectBits)
        {
            return Sel4Error.NotEnoughMemory;
        }

        for (int i = 0; i < count; i++)
        {
            var cap = new SimCap
            {
                Slot = dest + (ulong)i,
                Type = type,
                PAddr = ut.PAddr + aligned + ((ulong)i << objectBits),
                SizeBits = objectBits,
                IsDevice = ut.IsDevice,
                Parent = ut,
                Object = new SimObject(type, type == ObjectType.CNode ? userBits : 0),
            };
            if (type != ObjectType.Untyped)
            {
                CheckNoOverlap(cap);
            }

            ut.Children.Add(cap);
            Place(cap);
        }

        ut.Watermark = aligned + ((ulong)count << objectBits);
        return Sel4Error.NoError;
    }

    /// <summary>Live non-untyped objects never share memory; indexes the new object by address.</summary>
    private void CheckNoOverlap(SimCap cap)
    {
        IList<ulong> keys = _objectsByAddress.Keys;
        int lo = 0;
        int hi = keys.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (keys[mid] < cap.PAddr)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        bool overlap = (lo < keys.Count && keys[lo] < cap.End) || (lo > 0 && _objectsByAddress.Values[lo - 1].End > cap.PAddr);
        if (overlap)
        {
            Misuse.Add($"object at 0x{cap.PAddr:x} (slot {cap.Slot}) overlaps a live object");
            return;
        }

        _objectsByAddress.Add(cap.PAddr, cap);
    }

    private void Forget(SimCap cap)
    {
        if (cap.Dead)
        {
            return;
        }

        cap.Dead = true;
        AllLiveCaps--;
        if (cap.Container is null)
        {
            _slots.Remove(cap.Slot);
        }
        else
        {
            cap.Container.Contents.Remove(cap.Slot);
        }

        if (cap.Type != ObjectType.Untyped && _objectsByAddress.TryGetValue(cap.PAddr, out SimCap? indexed) && ReferenceEquals(indexed, cap))
        {
            _objectsByAddress.Remove(cap.PAddr);
        }

        CapGone(cap);
    }

    private Sel4Error DoRevoke(ulong slot)
    {
        if (Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!InRoot(slot))
        {
            return Sel4Error.FailedLookup;
        }

        if (!_slots.TryGetValue(slot, out SimCap? cap))
        {
            Misuse.Add($"revoke of empty slot {slot}");
            return Sel4Error.NoError;
        }

        foreach (SimCap child in cap.Children.ToArray())
        {
            DeleteSubtree(child);
        }

        cap.Children.Clear();
        return Sel4Error.NoError;
    }

    private void DeleteSubtree(SimCap cap)
    {
        foreach (SimCap child in cap.Children.ToArray())
        {
            DeleteSubtree(child);
        }

        cap.Children.Clear();
        Forget(cap);
    }

    private Sel4Error DoDelete(ulong slot)
    {
        if (Injected(out Sel4Error injected))
        {
            return injected;
        }

        if (!InRoot(slot))
        {
            return Sel4Error.FailedLookup;
        }

        if (!_slots.TryGetValue(slot, out SimCap? cap))
        {
            if (!_usedReplySlots.Remove(slot))
            {
                Misuse.Add($"delete of empty slot {slot}");
            }

            return Sel4Error.NoError;
        }

        DeleteOne(cap);
        return Sel4Error.NoError;
    }

    /// <summary>CNode_Delete of one capability: its children stay alive and hang from its parent.</summary>
    private void DeleteOne(SimCap cap)
    {
        if (cap.Dead)
        {
            return;
        }

        Forget(cap);
        cap.Parent?.Children.Remove(cap);
        foreach (SimCap child in cap.Children)
        {
            child.Parent = cap.Parent;
            cap.Parent?.Children.Add(child);
        }

        cap.Children.Clear();
    }
}
