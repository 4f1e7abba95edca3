// Interrupt grants at spawn: an IRQHandler for the granted interrupt, bound to the process's notification, in its CNode; returned at its end.
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

internal sealed unsafe partial class Spawner
{
    private readonly InterruptGrants _interrupts = new();

    /// <summary>Which process owns each granted interrupt.</summary>
    public InterruptGrants Interrupts => _interrupts;

    /// <summary>
    /// As <see cref="Spawn(System.ReadOnlySpan{byte}, System.ReadOnlySpan{byte}, ulong, ProcessQuota?, out Process?)"/>,
    /// with an interrupt grant when <paramref name="irq"/> is not -1 (an init-list line's <c>irq:N</c>; no request can ask
    /// for one): the process starts holding the interrupt's IRQHandler in <see cref="CapSlots.IrqHandler"/>, its
    /// interrupts signalling its notification with <see cref="ConnectionAbi.InterruptBadge"/>. An interrupt another
    /// process owns is <see cref="RootError.InterruptTaken"/>, as is one the kernel keeps (its own timer); one the
    /// platform lacks is <see cref="RootError.BadArgument"/>; each with a line saying so.
    /// </summary>
    public RootError Spawn(System.ReadOnlySpan<byte> name, System.ReadOnlySpan<byte> args, ulong parentPid, ProcessQuota? quota, long irq, out Process? process) =>
        Spawn(name, args, parentPid, quota, InitGrantSet.Interrupt(irq), out process);

    // The interrupt's validate step (Spawner.Grants.cs): one owner, a number in range; a line saying why not.
    private RootError CheckInterrupt(System.ReadOnlySpan<byte> name, long irq)
    {
        RootError valid = irq < 0 ? RootError.Ok : _interrupts.Check(irq);
        if (valid != RootError.Ok)
        {
            _kernel.Write("spawn: ");
            _kernel.Write(name);
            _kernel.Write(": interrupt ");
            _kernel.WriteDecimal((ulong)irq);
            if (valid == RootError.InterruptTaken)
            {
                _kernel.Write(" is owned by pid ");
                _kernel.WriteDecimal(_interrupts.OwnerOf(irq));
                _kernel.Write(" (one owner per interrupt)\n");
            }
            else
            {
                _kernel.Write(" is out of range\n");
            }
        }

        return valid;
    }

    // Build's step before the thread starts: the handler in a root slot (charged one slot of the process's quota, as
    // its start-code copy is), bound to a badged copy of the process's notification (the kernel keeps its own copy,
    // derived from it, so the temporary one goes at once), and a copy of the handler in the process's CNode.
    private Sel4Error GrantInterrupt(Process p)
    {
        long irq = _grants.Irq;
        if (irq < 0)
        {
            return Sel4Error.NoError;
        }

        if (!p.Account.Fits(QuotaKind.Slots, 1))
        {
            return Sel4Error.NotEnoughMemory;
        }

        Sel4Error e = _slots.IrqHandlerNew((ulong)irq, out RootSlot handler);
        if (e != Sel4Error.NoError)
        {
            _kernel.Write("spawn: interrupt ");
            _kernel.WriteDecimal((ulong)irq);
            _kernel.Write(e == Sel4Error.RevokeFirst ? " is the kernel's own or has a handler already: " : " cannot be granted: ");
            _kernel.Write(Sel4Result.Describe(e));
            _kernel.Write("\n");
            _grantError = e == Sel4Error.RevokeFirst ? RootError.InterruptTaken : RootError.BadArgument;
            return e;
        }

        p.Account.Charge(QuotaKind.Slots, 1);
        p.IrqHandlerSlot = handler;
        p.Irq = irq;
        _interrupts.Take(irq, p.Pid);
        if ((e = _slots.MintNew(p.NotificationSlot, CapRights.All, ConnectionAbi.InterruptBadge, out RootSlot badged)) != Sel4Error.NoError)
        {
            return e;
        }

        e = _kernel.SetIrqNotification(handler, badged);
        _slots.Release(ref badged);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        return _kernel.CopyInto(p.CNodeSlot, CapSlots.FirstCNodeSizeBits, new ProcessSlot(CapSlots.IrqHandler), handler, CapRights.All, false, 0);
    }

    // Reclaim's first step: revoke the handler (its copy in the process's CNode) and delete it, the last capability for
    // the interrupt, so the kernel disables it and drops its notification; the interrupt is free for the next grant.
    private void ReleaseInterrupt(Process p)
    {
        if (p.IrqHandlerSlot.IsNone)
        {
            return;
        }

        _slots.Release(ref p.IrqHandlerSlot, revoke: true);
        p.Account.Release(QuotaKind.Slots, 1);
        _interrupts.Release(p.Irq, p.Pid);
        p.Irq = -1;
    }
}
