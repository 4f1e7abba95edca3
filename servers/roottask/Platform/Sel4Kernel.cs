// The servers' kernel operations, performed on the real kernel through kernel-glue's typed capabilities.
using System;
using Internal.Runtime;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>
/// Root slots are addressed in the root task's CSpace by cptr with depth 64 through <see cref="CNode.InitThread"/> (slot
/// 2: the boot CNode, then the top-level CNode once <see cref="RootCSpace"/> has built it); this adapter is where a typed
/// slot becomes the numbers an invocation carries. See <see cref="ServerKernel"/>.
/// </summary>
internal sealed unsafe class Sel4Kernel : ServerKernel
{
    // log2 of a second-level CNode's slots once the CSpace has two levels; 0 while it is the boot CNode alone.
    private int _nodeBits;

    /// <summary>From now on slot 2 is the top-level CNode and a cptr's low <paramref name="nodeBits"/> bits pick the slot of its second-level CNode.</summary>
    public void UseTwoLevels(int nodeBits) => _nodeBits = nodeBits;

    public override Sel4Error RetypeUntyped(RootSlot parentSlot, int childSizeBits, RootSlot destSlot, int count) =>
        RetypeInto(new Untyped(parentSlot.Index), ObjectType.Untyped, childSizeBits, destSlot, count);

    public override Sel4Error Retype(RootSlot untypedSlot, ObjectType type, int sizeBits, RootSlot destSlot, int count) =>
        RetypeInto(new Untyped(untypedSlot.Index), type, sizeBits, destSlot, count);

    // Untyped_Retype names its destination CNode by (node_index, node_depth) under the root and the first slot by an
    // offset in it: the second-level CNode is top-level slot dest >> NodeBits, found with depth 64 - NodeBits (the
    // top-level guard and radix); with one level, depth 0 names the root CNode itself.
    private Sel4Error RetypeInto(Untyped untyped, ObjectType type, int sizeBits, RootSlot dest, int count)
    {
        if (_nodeBits == 0)
        {
            return untyped.Retype(type, sizeBits, CNode.InitThread, 0, 0, dest.Index, count).Error;
        }

        ulong node = dest.Index >> _nodeBits;
        ulong offset = dest.Index & ((1UL << _nodeBits) - 1);
        return untyped.Retype(type, sizeBits, CNode.InitThread, node, 64 - _nodeBits, offset, count).Error;
    }

    public override Sel4Error InstallNode(RootSlot cnode, ulong node) =>
        _nodeBits == 0 ? Sel4Error.IllegalOperation :
        new CNode(InitialCaps.InitThreadCNode, 64 - _nodeBits).Copy(node, CNode.InitThread, cnode.Index, CapRights.All).Error;

    public override Sel4Error Revoke(RootSlot slot) => CNode.InitThread.Revoke(slot.Index).Error;

    public override Sel4Error Delete(RootSlot slot) => CNode.InitThread.Delete(slot.Index).Error;

    public override Sel4Error Mint(RootSlot dest, RootSlot src, CapRights rights, ulong badge) =>
        CNode.InitThread.Mint(dest.Index, CNode.InitThread, src.Index, rights, badge).Error;

    public override Sel4Error Copy(RootSlot dest, RootSlot src, CapRights rights) =>
        CNode.InitThread.Copy(dest.Index, CNode.InitThread, src.Index, rights).Error;

    public override Sel4Error CopyInto(RootSlot cnode, int cnodeBits, ProcessSlot index, RootSlot src, CapRights rights, bool mint, ulong badge)
    {
        var target = new CNode(cnode.Index, cnodeBits);
        return mint ? target.Mint(index.Index, CNode.InitThread, src.Index, rights, badge).Error : target.Copy(index.Index, CNode.InitThread, src.Index, rights).Error;
    }

    public override Sel4Error DeleteIn(RootSlot cnode, int cnodeBits, ProcessSlot index) => new CNode(cnode.Index, cnodeBits).Delete(index.Index).Error;

    public override Sel4Error SaveCaller(RootSlot dest) => CNode.InitThread.SaveCaller(dest.Index).Error;

    public override void Signal(RootSlot notification) => new Notification(notification.Index).Signal();

    public override void SendReply(RootSlot reply, ulong mr0)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, mr0);
        }

        new Endpoint(reply.Index).Send(new MessageInfo(0, 0, 0, 1));
    }

    public override Sel4Error IssueIrqHandler(ulong irq, RootSlot dest) =>
        new IrqControl(InitialCaps.IrqControl).Get(irq, CNode.InitThread, dest.Index, 64).Error;

    public override Sel4Error SetIrqNotification(RootSlot handler, RootSlot notification) =>
        new IrqHandler(handler.Index).SetNotification(new Notification(notification.Index)).Error;

    public override Sel4Error AssignAsid(RootSlot vspace, RootSlot pool) => new AsidPool(pool.Index).Assign(vspace.Index).Error;

    public override Sel4Error MakeAsidPool(RootSlot untyped, RootSlot dest) =>
        new AsidControl(InitialCaps.AsidControl).MakePool(new Untyped(untyped.Index), CNode.InitThread, dest.Index, 64).Error;

    public override Sel4Error MapPageTable(RootSlot table, RootSlot vspace, ulong vaddr) =>
        new PageTable(table.Index).Map(vspace.Index, vaddr, VmAttributes.Default).Error;

    public override Sel4Error MapFrame(RootSlot frame, RootSlot vspace, ulong vaddr, CapRights rights, VmAttributes attributes) =>
        new Page(frame.Index).Map(vspace.Index, vaddr, rights, attributes).Error;

    public override Sel4Error UnmapFrame(RootSlot frame) => new Page(frame.Index).Unmap().Error;

    public override byte* RootMemory(ulong vaddr) => (byte*)vaddr;

    public override Sel4Error ConfigureThread(RootSlot tcb, ProcessSlot faultEndpoint, RootSlot cnode, ulong guardData, RootSlot vspace, ulong ipcBufferVaddr, RootSlot ipcFrame) =>
        new Tcb(tcb.Index).Configure(faultEndpoint.Index, new CNode(cnode.Index, 64), guardData, vspace.Index, 0, ipcBufferVaddr, ipcFrame.Index).Error;

    public override Sel4Error SetPriority(RootSlot tcb, ulong priority) =>
        new Tcb(tcb.Index).SetPriority(new Tcb(InitialCaps.InitThreadTcb), priority).Error;

    public override Sel4Error BindNotification(RootSlot tcb, RootSlot notification) =>
        new Tcb(tcb.Index).BindNotification(new Notification(notification.Index)).Error;

    public override void NameThread(RootSlot tcb, ReadOnlySpan<byte> name, ulong pid)
    {
#if !SMOS_BENCH && !SMOS_RELEASE_KERNEL
        // seL4_DebugNameThread exists only in debug kernels; the benchmark kernel and the product's release kernel lack it.
        Span<byte> full = stackalloc byte[ThreadName.MaxBytes];
        Debug.NameThread(tcb.Index, full.Slice(0, ThreadName.Format(full, name, pid)));
#endif
    }

    public override Sel4Error StartThread(RootSlot tcb, ulong pc, ulong sp, ulong x0, ulong x1)
    {
        UserContext regs = default;
        regs.Pc = pc;
        regs.Sp = sp;
        regs.X0 = x0;
        regs.X1 = x1;
        return new Tcb(tcb.Index).WriteRegisters(resume: true, regs).Error;
    }

    public override Sel4Error ReadRegisters(RootSlot tcb, out UserContext registers) =>
        new Tcb(tcb.Index).ReadRegisters(suspend: false, out registers).Error;

    public override Sel4Error WriteRegisters(RootSlot tcb, bool resume, in UserContext registers) =>
        new Tcb(tcb.Index).WriteRegisters(resume, registers).Error;

    public override void Yield() => Scheduler.Yield();

    public override Sel4Error Suspend(RootSlot tcb) => new Tcb(tcb.Index).Suspend().Error;

    public override void Write(ReadOnlySpan<byte> text) => DebugConsole.Write(text);

    public override void Write(string text) => DebugConsole.Write(text);

    public override void WriteDecimal(ulong value) => DebugConsole.WriteDecimal(value);

    public override void WriteHex(ulong value) => DebugConsole.WriteHex(value);

    public override ulong OutputWriter
    {
        get => RootOutput.Writer;
        set => RootOutput.Writer = value;
    }

    public override ulong OutputLineOwner => RootOutput.LineOwner;

    public override bool OutputAtLineStart => RootOutput.AtLineStart;

    public override int OutputRoom => RootOutput.Room;

    public override ulong OutputWritten => RootOutput.RingWritten;

    public override ulong OutputTaken => RootOutput.RingTaken;

    public override void AttachConsoleRing(ulong rootVaddr, RootSlot signal) => RootOutput.AttachRing((byte*)rootVaddr, signal.Index);

    public override void DetachConsoleRing() => RootOutput.DetachRing();

    public override void FlushOutput() => RootOutput.Flush();

    public override void WakeOutput() => RootOutput.Wake();
}
