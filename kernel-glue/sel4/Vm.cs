// Typed capabilities for address spaces: frames, page tables, the VSpace root, ASID control and pools, IRQs.
namespace Smos.Sel4;

/// <summary>A frame (page) capability: 4 KiB, 2 MiB or 1 GiB.</summary>
public readonly struct Page
{
    public readonly ulong Cptr;

    public Page(ulong cptr) { Cptr = cptr; }

    public Sel4Result Map(ulong vspace, ulong vaddr, CapRights rights, VmAttributes attributes)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, vspace);
            w.SetMr(0, vaddr);
            w.SetMr(1, (ulong)rights);
            w.SetMr(2, (ulong)attributes);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.PageMap, 1, 3);
    }

    public Sel4Result Unmap() => Invocation.Invoke(Cptr, InvocationLabel.PageUnmap, 0, 0);

    /// <summary>The frame's physical address (in <see cref="Sel4Result.Detail"/> is an error; in <paramref name="paddr"/> on success).</summary>
    public Sel4Result GetAddress(out ulong paddr)
    {
        Sel4Result r = Invocation.Invoke(Cptr, InvocationLabel.PageGetAddress, 0, 0);
        paddr = 0;
        if (r.IsOk)
        {
            using var reader = Ipc.Read();
            paddr = reader.GetMr(0);
        }

        return r;
    }
}

/// <summary>A page table of any level below the VSpace root; the vaddr chooses the level it maps at.</summary>
public readonly struct PageTable
{
    public readonly ulong Cptr;

    public PageTable(ulong cptr) { Cptr = cptr; }

    public Sel4Result Map(ulong vspace, ulong vaddr, VmAttributes attributes)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, vspace);
            w.SetMr(0, vaddr);
            w.SetMr(1, (ulong)attributes);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.PageTableMap, 1, 2);
    }

    public Sel4Result Unmap() => Invocation.Invoke(Cptr, InvocationLabel.PageTableUnmap, 0, 0);
}

/// <summary>The ASID control capability: turns an untyped into an ASID pool.</summary>
public readonly struct AsidControl
{
    public readonly ulong Cptr;

    public AsidControl(ulong cptr) { Cptr = cptr; }

    public Sel4Result MakePool(Untyped untyped, CNode root, ulong index, int depth)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, untyped.Cptr);
            w.SetCap(1, root.Cptr);
            w.SetMr(0, index);
            w.SetMr(1, (ulong)depth);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.AsidControlMakePool, 2, 2);
    }
}

/// <summary>An ASID pool: gives a VSpace its address-space identifier.</summary>
public readonly struct AsidPool
{
    public readonly ulong Cptr;

    public AsidPool(ulong cptr) { Cptr = cptr; }

    public Sel4Result Assign(ulong vspace)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, vspace);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.AsidPoolAssign, 1, 0);
    }
}

/// <summary>The IRQ control capability: issues handlers for interrupt lines.</summary>
public readonly struct IrqControl
{
    public readonly ulong Cptr;

    public IrqControl(ulong cptr) { Cptr = cptr; }

    public Sel4Result Get(ulong irq, CNode root, ulong index, int depth)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, root.Cptr);
            w.SetMr(0, irq);
            w.SetMr(1, index);
            w.SetMr(2, (ulong)depth);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.IrqIssueIrqHandler, 1, 3);
    }
}

/// <summary>A handler for one interrupt line.</summary>
public readonly struct IrqHandler
{
    public readonly ulong Cptr;

    public IrqHandler(ulong cptr) { Cptr = cptr; }

    public Sel4Result Ack() => Invocation.Invoke(Cptr, InvocationLabel.IrqAck, 0, 0);

    public Sel4Result SetNotification(Notification notification)
    {
        using (var w = Ipc.Write())
        {
            w.SetCap(0, notification.Cptr);
        }

        return Invocation.Invoke(Cptr, InvocationLabel.IrqSetHandler, 1, 0);
    }

    public Sel4Result Clear() => Invocation.Invoke(Cptr, InvocationLabel.IrqClearHandler, 0, 0);
}
