// The servers' kernel operations, performed on the real kernel through kernel-glue's typed capabilities.
using System;
using Internal.Runtime;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>All slots are in the root task's CNode (cptr == slot, depth 64). See <see cref="ServerKernel"/>.</summary>
internal sealed unsafe class Sel4Kernel : ServerKernel
{
    public override Sel4Error RetypeUntyped(ulong parentSlot, int childSizeBits, ulong destSlot, int count) =>
        new Untyped(parentSlot).Retype(ObjectType.Untyped, childSizeBits, CNode.InitThread, 0, 0, destSlot, count).Error;

    public override Sel4Error Retype(ulong untypedSlot, ObjectType type, int sizeBits, ulong destSlot, int count) =>
        new Untyped(untypedSlot).Retype(type, sizeBits, CNode.InitThread, 0, 0, destSlot, count).Error;

    public override Sel4Error Revoke(ulong slot) => CNode.InitThread.Revoke(slot).Error;

    public override Sel4Error Delete(ulong slot) => CNode.InitThread.Delete(slot).Error;

    public override Sel4Error Mint(ulong dest, ulong src, CapRights rights, ulong badge) =>
        CNode.InitThread.Mint(dest, CNode.InitThread, src, rights, badge).Error;

    public override Sel4Error Copy(ulong dest, ulong src, CapRights rights) =>
        CNode.InitThread.Copy(dest, CNode.InitThread, src, rights).Error;

    public override Sel4Error CopyInto(ulong cnode, int cnodeBits, ulong index, ulong src, CapRights rights, bool mint, ulong badge)
    {
        var target = new CNode(cnode, cnodeBits);
        return mint ? target.Mint(index, CNode.InitThread, src, rights, badge).Error : target.Copy(index, CNode.InitThread, src, rights).Error;
    }

    public override Sel4Error SaveCaller(ulong dest) => CNode.InitThread.SaveCaller(dest).Error;

    public override void Signal(ulong notification) => new Notification(notification).Signal();

    public override void SendReply(ulong reply, ulong mr0)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, mr0);
        }

        new Endpoint(reply).Send(new MessageInfo(0, 0, 0, 1));
    }

    public override Sel4Error AssignAsid(ulong vspace) => new AsidPool(InitialCaps.InitThreadAsidPool).Assign(vspace).Error;

    public override Sel4Error MapPageTable(ulong table, ulong vspace, ulong vaddr) =>
        new PageTable(table).Map(vspace, vaddr, VmAttributes.Default).Error;

    public override Sel4Error MapFrame(ulong frame, ulong vspace, ulong vaddr, CapRights rights, VmAttributes attributes) =>
        new Page(frame).Map(vspace, vaddr, rights, attributes).Error;

    public override Sel4Error UnmapFrame(ulong frame) => new Page(frame).Unmap().Error;

    public override byte* RootMemory(ulong vaddr) => (byte*)vaddr;

    public override Sel4Error ConfigureThread(ulong tcb, ulong faultEndpoint, ulong cnode, ulong guardData, ulong vspace, ulong ipcBufferVaddr, ulong ipcFrame) =>
        new Tcb(tcb).Configure(faultEndpoint, new CNode(cnode, 64), guardData, vspace, 0, ipcBufferVaddr, ipcFrame).Error;

    public override Sel4Error SetPriority(ulong tcb, ulong priority) =>
        new Tcb(tcb).SetPriority(new Tcb(InitialCaps.InitThreadTcb), priority).Error;

    public override Sel4Error BindNotification(ulong tcb, ulong notification) =>
        new Tcb(tcb).BindNotification(new Notification(notification)).Error;

    public override void NameThread(ulong tcb, ReadOnlySpan<byte> name)
    {
#if !SMOS_BENCH
        // seL4_DebugNameThread exists only in debug kernels; the benchmark kernel is a release build.
        Debug.NameThread(tcb, name);
#endif
    }

    public override Sel4Error StartThread(ulong tcb, ulong pc, ulong sp, ulong x0)
    {
        UserContext regs = default;
        regs.Pc = pc;
        regs.Sp = sp;
        regs.X0 = x0;
        return new Tcb(tcb).WriteRegisters(resume: true, regs).Error;
    }

    public override Sel4Error Suspend(ulong tcb) => new Tcb(tcb).Suspend().Error;

    public override void Write(ReadOnlySpan<byte> text) => DebugConsole.Write(text);

    public override void Write(string text) => DebugConsole.Write(text);

    public override void WriteDecimal(ulong value) => DebugConsole.WriteDecimal(value);

    public override void WriteHex(ulong value) => DebugConsole.WriteHex(value);
}
