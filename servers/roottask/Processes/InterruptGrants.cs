// Interrupt grants: which process owns each interrupt the root task has handed out (one owner per interrupt).
using Smos.Formats;
using Smos.Protocol;

namespace Smos.RootTask.Processes;

/// <summary>
/// The owner of every interrupt granted by an init-list line's <c>irq:N</c> word (docs/architecture.md, "Interrupt
/// grants"). A process started with a grant holds the interrupt's IRQHandler (its copy in
/// <see cref="CapSlots.IrqHandler"/>, the original in the root task's CSpace) bound to its own notification with
/// <see cref="ConnectionAbi.InterruptBadge"/>; a second grant of the same interrupt is
/// <see cref="RootError.InterruptTaken"/> until the owner ends, when <see cref="Spawner.Reclaim"/> deletes the handler
/// (the kernel then disables the interrupt and drops the binding) and <see cref="Release"/> frees the interrupt here.
/// </summary>
internal sealed class InterruptGrants
{
    /// <summary>The largest interrupt number a grant may name (<see cref="InitGrant.MaxIrq"/>).</summary>
    public const long MaxIrq = (long)InitGrant.MaxIrq;

    private readonly ulong[] _owners = new ulong[MaxIrq + 1];

    /// <summary>Interrupts granted now.</summary>
    public int Count { get; private set; }

    /// <summary>The pid owning <paramref name="irq"/>, or 0.</summary>
    public ulong OwnerOf(long irq) => irq >= 0 && irq <= MaxIrq ? _owners[irq] : 0;

    /// <summary>
    /// The validate step of a grant: <see cref="RootError.BadArgument"/> for a number out of range,
    /// <see cref="RootError.InterruptTaken"/> when a process owns it already; else Ok.
    /// </summary>
    public RootError Check(long irq)
    {
        if (irq < 0 || irq > MaxIrq)
        {
            return RootError.BadArgument;
        }

        return _owners[irq] != 0 ? RootError.InterruptTaken : RootError.Ok;
    }

    /// <summary>Records <paramref name="pid"/> as the owner of <paramref name="irq"/> (checked by <see cref="Check"/>).</summary>
    public void Take(long irq, ulong pid)
    {
        _owners[irq] = pid;
        Count++;
    }

    /// <summary>Frees <paramref name="irq"/> if <paramref name="pid"/> owns it.</summary>
    public void Release(long irq, ulong pid)
    {
        if (irq >= 0 && irq <= MaxIrq && _owners[irq] == pid && pid != 0)
        {
            _owners[irq] = 0;
            Count--;
        }
    }
}
