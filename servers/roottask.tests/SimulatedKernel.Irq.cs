// The simulator's model of interrupts: IRQControl_Get, IRQHandler_SetNotification, delivery and acknowledgement.
using System.Collections.Generic;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Tests;

public sealed partial class SimulatedKernel
{
    /// <summary>The platform's largest interrupt (qemu-arm-virt: MAX_IRQ 159).</summary>
    public const long MaxIrq = 159;

    /// <summary>The interrupt the kernel keeps for its own tick on qemu-arm-virt without hypervisor support (the virtual timer's PPI).</summary>
    public const long KernelTimerIrq = 27;

    // The kernel's IRQ node: per interrupt, the copy of the notification IRQHandler_SetNotification installed.
    private readonly SimObject _irqNode = new(ObjectType.CNode, 10);
    private readonly HashSet<long> _activeIrqs = new();
    private readonly HashSet<long> _pendingIrqs = new();

    /// <summary>Interrupts with a handler (IRQControl_Get made one and its last capability is not gone).</summary>
    public IReadOnlyCollection<long> ActiveIrqs => _activeIrqs;

    /// <summary>The notification capability interrupt <paramref name="irq"/> signals, or null.</summary>
    public SimCap? IrqNotification(long irq) => _irqNode.Contents.TryGetValue((ulong)irq, out SimCap? cap) ? cap : null;

    public override Sel4Error IssueIrqHandler(ulong irq, RootSlot dest)
    {
        Sel4Error e = Injected(out Sel4Error injected) ? injected :
            irq > MaxIrq ? Sel4Error.RangeError :
            (long)irq == KernelTimerIrq || _activeIrqs.Contains((long)irq) ? Sel4Error.RevokeFirst :
            !InRoot(dest.Index) ? Sel4Error.FailedLookup :
            _slots.ContainsKey(dest.Index) ? Sel4Error.DeleteFirst : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            Place(new SimCap { Slot = dest.Index, Type = ObjectType.Untyped, Irq = (long)irq, Object = new SimObject(ObjectType.Untyped, 0) });
            _activeIrqs.Add((long)irq);
        }

        return Record("IssueIrqHandler", dest.Index, 0, 0, irq, 1, e);
    }

    // seL4's decodeIRQHandlerInvocation: an IRQHandler and a notification capability that may send; the kernel deletes
    // the notification it had and inserts a copy of the new one, derived from it, into its IRQ node.
    public override Sel4Error SetIrqNotification(RootSlot handler, RootSlot notification)
    {
        SimCap? h = CapAt(handler.Index);
        SimCap? n = CapAt(notification.Index);
        Sel4Error e = Injected(out Sel4Error injected) ? injected :
            h is null || h.Irq < 0 ? Sel4Error.InvalidCapability :
            n is null || n.Type != ObjectType.Notification || (n.Rights & CapRights.Write) == 0 ? Sel4Error.InvalidCapability : Sel4Error.NoError;
        if (e == Sel4Error.NoError)
        {
            if (IrqNotification(h!.Irq) is SimCap old)
            {
                DeleteOne(old);
            }

            var copy = new SimCap
            {
                Slot = (ulong)h.Irq,
                Type = ObjectType.Notification,
                Object = n!.Object,
                Container = _irqNode,
                Badge = n.Badge,
                Rights = n.Rights,
                Parent = n,
            };
            n.Children.Add(copy);
            Place(copy);
        }

        return Record("SetIrqNotification", handler.Index, 0, 0, notification.Index, 1, e);
    }

    /// <summary>
    /// The device raises <paramref name="irq"/>: if it has a handler with a notification and is not waiting for an
    /// acknowledgement, the notification is signalled with its badge (and the interrupt stays masked until
    /// <see cref="AckIrq"/>). Returns whether it signalled.
    /// </summary>
    public bool RaiseIrq(long irq)
    {
        if (!_activeIrqs.Contains(irq) || _pendingIrqs.Contains(irq) || IrqNotification(irq) is not SimCap n)
        {
            return false;
        }

        n.Object.Word |= n.Badge;
        n.Object.Signals++;
        _pendingIrqs.Add(irq);
        return true;
    }

    /// <summary>IRQHandler_Ack, which the owning process makes with its own copy: unmasks the interrupt.</summary>
    public void AckIrq(long irq) => _pendingIrqs.Remove(irq);

    // The last IRQHandler capability of an interrupt went: seL4 disables it and deletes its notification copy.
    private void IrqHandlerGone(long irq)
    {
        _activeIrqs.Remove(irq);
        _pendingIrqs.Remove(irq);
        if (IrqNotification(irq) is SimCap n)
        {
            DeleteOne(n);
        }
    }
}
