// The resource managers' kernel operations, performed on the real kernel through kernel-glue's typed capabilities.
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask;

/// <summary>All slots are in the root task's CNode (cptr == slot, depth 64).</summary>
internal sealed class Sel4KernelObjects : KernelObjects
{
    public override Sel4Error RetypeUntyped(ulong parentSlot, int childSizeBits, ulong destSlot, int count) =>
        new Untyped(parentSlot).Retype(ObjectType.Untyped, childSizeBits, CNode.InitThread, 0, 0, destSlot, count).Error;

    public override Sel4Error Retype(ulong untypedSlot, ObjectType type, int sizeBits, ulong destSlot, int count) =>
        new Untyped(untypedSlot).Retype(type, sizeBits, CNode.InitThread, 0, 0, destSlot, count).Error;

    public override Sel4Error Revoke(ulong slot) => CNode.InitThread.Revoke(slot).Error;

    public override Sel4Error Delete(ulong slot) => CNode.InitThread.Delete(slot).Error;
}
