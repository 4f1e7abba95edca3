// A process's CSpace: the top level, the CNode directory, CNode 0 with the well-known slots, and the CNodes CSpaceGrow adds.
using Smos.Protocol;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>
/// The CSpace of a process (docs/architecture.md, "Capabilities of a process"). The TCB's CSpace root is a top CNode of
/// 8 slots (guard 0, so bits 63-61 of a cptr pick its slot) that only the root task holds: slot 0 the CNode directory,
/// slot 1 the fault endpoint, slots 2-5 farewell endpoints. The directory has 64 slots (guard 0 there, so bits 60-55
/// pick the CNode): slot k holds the app's CNode k, 256 slots with a guard of 47 zero bits, so a cptr of CNode k is
/// (k &lt;&lt; 55) | slot; CNode 0 has 64 slots and a guard of 49, so a cptr of CNode 0 is its slot number. The app's
/// SelfCNode is the directory with a guard of 3 zero bits: with depth 64 it reaches every slot of every CNode of the
/// app, and nothing of the top level. A process starts without the directory: CNode 0 stands in its place (in the top
/// level with a guard of 55, as SelfCNode with 58), so the kernel looks up its capabilities through two CNodes, and an
/// exit deletes two (the kernel visits every slot of a CNode it deletes); the first CSpaceGrow makes the directory.
/// </summary>
internal sealed partial class Spawner
{
    // Guard sizes (the CNode capability data, guard value 0): the directory in the top level, the directory as the
    // app's SelfCNode (it stands for the top level's 3 bits), and each app CNode in the directory.
    private const int DirectoryGuardInTop = 0;
    private const int SelfCNodeGuard = WellKnownSlots.TopBits;
    private const int AppCNodeGuard = CapSlots.CNodeShift - CapSlots.CNodeSizeBits;
    private const int FirstCNodeGuard = CapSlots.CNodeShift - CapSlots.FirstCNodeSizeBits;

    // Until the first CSpaceGrow there is no directory: CNode 0 stands in the top level's slot 0 (guard 55: 3 + 55 + 6
    // = 64) and as the process's SelfCNode (guard 58: 58 + 6 = 64), so a cptr of CNode 0 resolves as it will later.
    private const int FirstCNodeGuardInTop = 64 - WellKnownSlots.TopBits - CapSlots.FirstCNodeSizeBits;
    private const int FirstCNodeGuardAsSelf = 64 - CapSlots.FirstCNodeSizeBits;

    /// <summary>
    /// CSpaceGrow: adds a CNode of <see cref="CapSlots.CNodeSlots"/> slots to <paramref name="p"/>'s CSpace, at the next
    /// directory slot, and answers the cptr of its slot 0. It is charged to the process's memory (the CNode's block) and
    /// slot quota (the root slot holding it, as every object, and its 256 slots). The first one also makes the CNode
    /// directory (charged as an object: its block and a root slot) and puts it where CNode 0 was, in the top level's slot
    /// 0 and the process's SelfCNode slot, with CNode 0 in its slot 0: every cptr names the same slot as before.
    /// ProcessLimit when the directory is full; QuotaSlots / QuotaMemory (the refusal recorded) when a quota has no room;
    /// NoMemory when the root task has none. On failure nothing stays.
    /// </summary>
    public RootError GrowCSpace(Process p, out ulong cptr)
    {
        cptr = 0;
        int k = p.AddedCNodes + 1;
        bool first = p.DirectorySlot.IsNone;
        if (k >= CapSlots.MaxCNodes || p.CNodeSlot.IsNone || p.CSpaceSlot.IsNone)
        {
            return RootError.ProcessLimit;
        }

        // Its own slots and the root slots of the objects, checked before anything is made (Alloc checks memory).
        if (!p.Account.Fits(QuotaKind.Slots, CapSlots.CNodeSlots + (first ? 2UL : 1UL)))
        {
            return RootError.QuotaSlots;
        }

        Allocation directory = default;
        if (!p.MakeRoom(first ? 2 : 1, 0, 0, 0) ||
            (first && _mapper.Alloc(p, ObjectType.CNode, WellKnownSlots.DirectoryBits, 1, out directory) != Sel4Error.NoError))
        {
            return p.Account.HasRefusal ? ProcessQuota.Error(p.Account.Refused) : RootError.NoMemory;
        }

        RootSlot dir = first ? directory.FirstSlot : p.DirectorySlot;
        if (_mapper.Alloc(p, ObjectType.CNode, CapSlots.CNodeSizeBits, 1, out Allocation cnode) != Sel4Error.NoError)
        {
            FreeNew(p, first, directory);
            return p.Account.HasRefusal ? ProcessQuota.Error(p.Account.Refused) : RootError.NoMemory;
        }

        if ((first && _kernel.CopyInto(dir, WellKnownSlots.DirectoryBits, WellKnownSlots.DirectoryEntry(0), p.CNodeSlot,
            CapRights.All, true, FirstCNodeGuard) != Sel4Error.NoError) ||
            _kernel.CopyInto(dir, WellKnownSlots.DirectoryBits, WellKnownSlots.DirectoryEntry(k), cnode.FirstSlot,
            CapRights.All, true, AppCNodeGuard) != Sel4Error.NoError ||
            (first && !PutDirectoryInPlace(p, dir)))
        {
            _untyped.Free(cnode);
            p.RemoveAllocation(cnode);
            FreeNew(p, first, directory);
            return RootError.NoMemory;
        }

        p.DirectorySlot = dir;
        p.Account.Charge(QuotaKind.Slots, CapSlots.CNodeSlots);
        p.AddedCNodes = k;
        cptr = CapSlots.Cptr(k, 0);
        return RootError.Ok;
    }

    // A directory GrowCSpace made for its first CNode, freed when the grow fails (its copy of CNode 0 goes with it).
    private void FreeNew(Process p, bool first, in Allocation directory)
    {
        if (first)
        {
            _untyped.Free(directory);
            p.RemoveAllocation(directory);
        }
    }

    // The first CSpaceGrow's switch: the directory replaces CNode 0 in the top level's slot 0 (guard 0) and in the
    // process's SelfCNode slot (guard 3). The process is not running meanwhile (the root task handles its request). If a
    // step fails, CNode 0 goes back in both (false).
    private bool PutDirectoryInPlace(Process p, RootSlot directory)
    {
        const int Bits = CapSlots.FirstCNodeSizeBits;
        if (_kernel.DeleteIn(p.CSpaceSlot, TopBits, WellKnownSlots.TopDirectory) == Sel4Error.NoError &&
            _kernel.CopyInto(p.CSpaceSlot, TopBits, WellKnownSlots.TopDirectory, directory, CapRights.All, true, DirectoryGuardInTop) == Sel4Error.NoError &&
            _kernel.DeleteIn(p.CNodeSlot, Bits, WellKnownSlots.SelfCNode) == Sel4Error.NoError &&
            _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.SelfCNode, directory, CapRights.All, true, SelfCNodeGuard) == Sel4Error.NoError)
        {
            return true;
        }

        _kernel.DeleteIn(p.CSpaceSlot, TopBits, WellKnownSlots.TopDirectory);
        _kernel.CopyInto(p.CSpaceSlot, TopBits, WellKnownSlots.TopDirectory, p.CNodeSlot, CapRights.All, true, FirstCNodeGuardInTop);
        _kernel.DeleteIn(p.CNodeSlot, Bits, WellKnownSlots.SelfCNode);
        _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.SelfCNode, p.CNodeSlot, CapRights.All, true, FirstCNodeGuardAsSelf);
        return false;
    }

    // The slots the added CNodes were charged beyond their objects (the objects are freed with the other allocations).
    private static void ReleaseAddedCNodes(Process p)
    {
        p.Account.Release(QuotaKind.Slots, (ulong)p.AddedCNodes * CapSlots.CNodeSlots);
        p.AddedCNodes = 0;
    }

    // The well-known slots of docs/architecture.md (CapSlots in protocol/ProcessAbi.cs), the directory and the top level.
    private Sel4Error FillCSpace(Process p, RootSlot notification)
    {
        const int Bits = CapSlots.FirstCNodeSizeBits;
        Sel4Error e;
        // Slot SelfTcb stays empty: with its own TCB capability a process could suspend itself and stop unseen.
        if ((e = _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.SelfCNode, p.CNodeSlot, CapRights.All, true, FirstCNodeGuardAsSelf)) != Sel4Error.NoError ||
            (e = _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.SelfVSpace, p.VSpaceSlot, CapRights.All, false, 0)) != Sel4Error.NoError ||
            (e = _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.RootEndpoint, _serverEndpoint, AppRights.CallOnly, true, Badges.Request(p.Pid))) != Sel4Error.NoError ||
            (e = _kernel.CopyInto(p.CNodeSlot, Bits, WellKnownSlots.Notification, notification, CapRights.All, false, 0)) != Sel4Error.NoError)
        {
            return e;
        }

        // The top level, out of the app's reach: CNode 0 (the directory from the first CSpaceGrow on) and the fault endpoint.
        if ((e = _kernel.CopyInto(p.CSpaceSlot, TopBits, WellKnownSlots.TopDirectory, p.CNodeSlot, CapRights.All, true, FirstCNodeGuardInTop)) != Sel4Error.NoError)
        {
            return e;
        }

        return _kernel.CopyInto(p.CSpaceSlot, TopBits, WellKnownSlots.TopFaultEndpoint, _serverEndpoint, CapRights.All, true, Badges.Fault(p.Pid));
    }
}
