// The root-task slots servers hold (minted badges, copies, saved replies): taken and filled in one call, emptied and returned in one call.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// The one way a server holds a root-task slot of its own (objects from the untyped manager come with theirs). Each
/// <c>...New</c> method takes a free slot and fills it; when the kernel refuses, the slot goes back and the out slot is
/// <see cref="RootSlot.None"/>, so a caller never frees on its error path. <see cref="Release"/> empties a held slot
/// (revoking first when asked, which also removes the copies handed out in replies) and returns it.
/// </summary>
internal sealed class RootSlots
{
    private readonly ServerKernel _kernel;
    private readonly SlotAllocator _allocator;
    private readonly ResourceGrowth? _growth;

    public RootSlots(ServerKernel kernel, SlotAllocator allocator, ResourceGrowth? growth)
    {
        _kernel = kernel;
        _allocator = allocator;
        _growth = growth;
    }

    /// <summary>Free slots left in the root task's CSpace (for diagnostics and leak checks).</summary>
    public int FreeCount => _allocator.FreeCount;

    /// <summary>Slots of the root task's CSpace (they grow a second-level CNode at a time).</summary>
    public int Capacity => _allocator.Capacity;

    /// <summary>CNodes of the root task's CSpace: the boot CNode and those added.</summary>
    public int Nodes => _allocator.Nodes;

    /// <summary>A badged copy of <paramref name="src"/> (CNode_Mint) in a new slot.</summary>
    public Sel4Error MintNew(RootSlot src, CapRights rights, ulong badge, out RootSlot dest) =>
        Keep(Take(out dest) ? _kernel.Mint(dest, src, rights, badge) : Sel4Error.NotEnoughMemory, ref dest);

    /// <summary>A copy of <paramref name="src"/> (CNode_Copy) in a new slot.</summary>
    public Sel4Error CopyNew(RootSlot src, CapRights rights, out RootSlot dest) =>
        Keep(Take(out dest) ? _kernel.Copy(dest, src, rights) : Sel4Error.NotEnoughMemory, ref dest);

    /// <summary>The reply capability of the message being handled (CNode_SaveCaller) in a new slot.</summary>
    public Sel4Error SaveCallerNew(out RootSlot dest) =>
        Keep(Take(out dest) ? _kernel.SaveCaller(dest) : Sel4Error.NotEnoughMemory, ref dest);

    /// <summary>An IRQHandler for interrupt <paramref name="irq"/> (IRQControl_Get) in a new slot.</summary>
    public Sel4Error IrqHandlerNew(ulong irq, out RootSlot dest) =>
        Keep(Take(out dest) ? _kernel.IssueIrqHandler(irq, dest) : Sel4Error.NotEnoughMemory, ref dest);

    /// <summary>An empty slot, for the kernel to fill (a receive slot); give it back with <see cref="Release"/>.</summary>
    public Sel4Error EmptyNew(out RootSlot dest) => Take(out dest) ? Sel4Error.NoError : Sel4Error.NotEnoughMemory;

    /// <summary>
    /// Empties <paramref name="slot"/> (CNode_Revoke first when <paramref name="revoke"/>, then CNode_Delete), returns it
    /// to the allocator and sets it to <see cref="RootSlot.None"/>. Does nothing for None.
    /// </summary>
    public void Release(ref RootSlot slot, bool revoke = false)
    {
        if (slot.IsNone)
        {
            return;
        }

        if (revoke)
        {
            _kernel.Revoke(slot);
        }

        _kernel.Delete(slot);
        _allocator.Free(slot);
        slot = RootSlot.None;
    }

    // A free slot, after the CSpace has grown if it was low (ResourceGrowth).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool Take(out RootSlot dest)
    {
        _growth?.Prepare(1);
        return _allocator.TryAlloc(out dest) || (_growth is not null && _growth.AddNode() && _allocator.TryAlloc(out dest));
    }

    private Sel4Error Keep(Sel4Error e, ref RootSlot slot)
    {
        if (e != Sel4Error.NoError && slot.IsSome)
        {
            _allocator.Free(slot);
            slot = RootSlot.None;
        }

        return e;
    }
}
