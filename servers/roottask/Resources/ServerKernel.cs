// Every kernel operation the root task's servers perform, so the same server code runs on seL4 and on a host simulator.
using System;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// The kernel as the process server, the connection server and the broker see it. A <see cref="RootSlot"/> is a slot of
/// the root task's CNode (cptr == slot, depth 64), a <see cref="ProcessSlot"/> a slot of a process's CNode. The target
/// implementation (Sel4Kernel) invokes kernel-glue's typed capabilities; host tests use a simulator, so every
/// request's decode, validate and invoke steps run in host tests too.
/// </summary>
public abstract unsafe class ServerKernel : KernelObjects
{
    /// <summary>CNode_Mint within the root CNode: <paramref name="dest"/> gets a badged copy of <paramref name="src"/>.</summary>
    public abstract Sel4Error Mint(RootSlot dest, RootSlot src, CapRights rights, ulong badge);

    /// <summary>CNode_Copy within the root CNode.</summary>
    public abstract Sel4Error Copy(RootSlot dest, RootSlot src, CapRights rights);

    /// <summary>
    /// CNode_Mint (or Copy when <paramref name="mint"/> is false) from root slot <paramref name="src"/> into slot
    /// <paramref name="index"/> of the process CNode in root slot <paramref name="cnode"/> (2^<paramref name="cnodeBits"/> slots).
    /// </summary>
    public abstract Sel4Error CopyInto(RootSlot cnode, int cnodeBits, ProcessSlot index, RootSlot src, CapRights rights, bool mint, ulong badge);

    /// <summary>CNode_Delete of slot <paramref name="index"/> of a process's CNode (nothing happens to an empty slot).</summary>
    public abstract Sel4Error DeleteIn(RootSlot cnode, int cnodeBits, ProcessSlot index);

    /// <summary>CNode_SaveCaller: moves the reply capability of the message being handled into <paramref name="dest"/>.</summary>
    public abstract Sel4Error SaveCaller(RootSlot dest);

    /// <summary>seL4_Signal on the notification in <paramref name="notification"/>.</summary>
    public abstract void Signal(RootSlot notification);

    /// <summary>seL4_Send of a one-word message (label 0, MR0 = <paramref name="mr0"/>) on a saved reply capability.</summary>
    public abstract void SendReply(RootSlot reply, ulong mr0);

    /// <summary>
    /// ASIDPool_Assign of the ASID pool in <paramref name="pool"/> (<see cref="InitialCaps.InitThreadAsidPool"/> or one
    /// made by <see cref="MakeAsidPool"/>) to the VSpace in <paramref name="vspace"/>; DeleteFirst when the pool is full.
    /// </summary>
    public abstract Sel4Error AssignAsid(RootSlot vspace, RootSlot pool);

    /// <summary>ASIDControl_MakePool: turns the 4 KiB untyped in <paramref name="untyped"/> into an ASID pool in <paramref name="dest"/>.</summary>
    public abstract Sel4Error MakeAsidPool(RootSlot untyped, RootSlot dest);

    /// <summary>PageTable_Map: the kernel maps the table at the first paging level that covers <paramref name="vaddr"/> and lacks one.</summary>
    public abstract Sel4Error MapPageTable(RootSlot table, RootSlot vspace, ulong vaddr);

    /// <summary>Page_Map of a 4 KiB frame.</summary>
    public abstract Sel4Error MapFrame(RootSlot frame, RootSlot vspace, ulong vaddr, CapRights rights, VmAttributes attributes);

    /// <summary>Page_Unmap.</summary>
    public abstract Sel4Error UnmapFrame(RootSlot frame);

    /// <summary>
    /// Where the root task reads and writes memory it has mapped at <paramref name="vaddr"/> in its own address space
    /// (the identity on the target). Only <see cref="Processes.ForeignMemory"/> and the connection server's event rings use it.
    /// </summary>
    public abstract byte* RootMemory(ulong vaddr);

    /// <summary>TCB_Configure: fault endpoint (a cptr in the thread's CSpace), CSpace root and guard, VSpace, IPC buffer.</summary>
    public abstract Sel4Error ConfigureThread(RootSlot tcb, ProcessSlot faultEndpoint, RootSlot cnode, ulong guardData, RootSlot vspace, ulong ipcBufferVaddr, RootSlot ipcFrame);

    /// <summary>
    /// IRQControl_Get on the root task's IRQControl capability: an IRQHandler for interrupt <paramref name="irq"/> in
    /// <paramref name="dest"/>. The kernel refuses an interrupt its platform lacks (RangeError) and one that has a handler
    /// already or that it keeps for itself, such as its own timer (RevokeFirst).
    /// </summary>
    public abstract Sel4Error IssueIrqHandler(ulong irq, RootSlot dest);

    /// <summary>
    /// IRQHandler_SetNotification: interrupts of the handler in <paramref name="handler"/> signal the notification
    /// capability in <paramref name="notification"/> (the kernel keeps a copy of it, derived from it, so revoking the
    /// notification's memory ends the binding too).
    /// </summary>
    public abstract Sel4Error SetIrqNotification(RootSlot handler, RootSlot notification);

    /// <summary>TCB_SetPriority, with the root task's TCB as the authority.</summary>
    public abstract Sel4Error SetPriority(RootSlot tcb, ulong priority);

    /// <summary>TCB_BindNotification.</summary>
    public abstract Sel4Error BindNotification(RootSlot tcb, RootSlot notification);

    /// <summary>
    /// Names a process's thread <c>name[pid]</c> (<see cref="ThreadName"/>) in kernel messages and for the gdb
    /// helper where the kernel supports it (debug kernels); otherwise does nothing.
    /// </summary>
    public abstract void NameThread(RootSlot tcb, ReadOnlySpan<byte> name, ulong pid);

    /// <summary>TCB_WriteRegisters with resume: starts the thread at <paramref name="pc"/> with sp, x0 and x1 set.</summary>
    public abstract Sel4Error StartThread(RootSlot tcb, ulong pc, ulong sp, ulong x0, ulong x1);

    /// <summary>TCB_ReadRegisters (without suspending).</summary>
    public abstract Sel4Error ReadRegisters(RootSlot tcb, out UserContext registers);

    /// <summary>TCB_WriteRegisters of the whole context; with <paramref name="resume"/>, a stopped thread restarts at its pc.</summary>
    public abstract Sel4Error WriteRegisters(RootSlot tcb, bool resume, in UserContext registers);

    /// <summary>seL4_Yield: lets the threads of the root task's priority run before it goes on.</summary>
    public abstract void Yield();

    /// <summary>TCB_Suspend.</summary>
    public abstract Sel4Error Suspend(RootSlot tcb);

    /// <summary>Writes bytes to the console (seL4_DebugPutChar on the target; the formatting is DebugConsole's).</summary>
    public abstract void Write(ReadOnlySpan<byte> text);

    /// <summary>Writes an ASCII string to the console.</summary>
    public abstract void Write(string text);

    /// <summary>Writes <paramref name="value"/> in decimal.</summary>
    public abstract void WriteDecimal(ulong value);

    /// <summary>Writes <paramref name="value"/> as 0x-prefixed lower-case hex without leading zeros.</summary>
    public abstract void WriteHex(ulong value);

    /// <summary>
    /// Who writes the console's next bytes: 0 for the root task itself, else the pid whose Print is being written. When it
    /// changes while a line is open, the console ends that line first (an app's bytes never continue another's line).
    /// </summary>
    public virtual ulong OutputWriter { get; set; }

    /// <summary>Whose bytes the console's open line holds (<see cref="OutputWriter"/> when they were written).</summary>
    public virtual ulong OutputLineOwner => 0;

    /// <summary>True when the console's last byte ended a line.</summary>
    public virtual bool OutputAtLineStart => true;

    /// <summary>Bytes the console can take now without waiting (the console server's ring's room; unlimited without one).</summary>
    public virtual int OutputRoom => int.MaxValue;

    /// <summary>Bytes put into the console server's ring so far, and bytes it has taken (both 0 without a ring).</summary>
    public virtual ulong OutputWritten => 0;

    /// <inheritdoc cref="OutputWritten"/>
    public virtual ulong OutputTaken => 0;

    /// <summary>From now on the console's bytes go into the console server's ring mapped at <paramref name="rootVaddr"/>, waking it through <paramref name="signal"/>.</summary>
    public virtual void AttachConsoleRing(ulong rootVaddr, RootSlot signal)
    {
    }

    /// <summary>Back to writing the UART (the console server ended), before its ring goes.</summary>
    public virtual void DetachConsoleRing()
    {
    }

    /// <summary>Wakes the console server for the bytes put in its ring since the last wake-up (after each request).</summary>
    public virtual void FlushOutput()
    {
    }

    /// <summary>
    /// A Print was refused (OutputBusy): the console server is woken at the end of this request even though nothing was
    /// written, if it asked to be (its ring's wake word), so the bytes still in its ring move on and the writer's next try
    /// finds room. Without it a console that stopped at its round limit waits for a Print that never comes.
    /// </summary>
    public virtual void WakeOutput()
    {
    }

    /// <summary>Writes one byte to the console.</summary>
    public void WriteByte(byte b)
    {
        Span<byte> one = stackalloc byte[1];
        one[0] = b;
        Write(one);
    }
}
