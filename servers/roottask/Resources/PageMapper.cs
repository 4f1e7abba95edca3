// The page-mapping service: kernel objects charged to an owner, and frames mapped into its VSpace with the page tables they need.
using System;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Maps frames into a <see cref="ResourceOwner"/>'s VSpace, creating (and charging to the owner) the page tables the
/// address needs. The process server maps ELF segments, stacks and heap pages through it, the connection server
/// notification buffers and shared pages.
/// </summary>
internal sealed class PageMapper
{
    private readonly ServerKernel _kernel;
    private readonly UntypedManager _untyped;

    public PageMapper(ServerKernel kernel, UntypedManager untyped)
    {
        _kernel = kernel;
        _untyped = untyped;
    }

    /// <summary>Maps frame <paramref name="index"/> of <paramref name="frames"/> at <paramref name="vaddr"/> in <paramref name="owner"/>'s VSpace.</summary>
    public Sel4Error MapPage(ResourceOwner owner, in Allocation frames, int index, ulong vaddr, CapRights rights, VmAttributes attributes)
    {
        Span<ulong> bases = stackalloc ulong[3];
        int missing = owner.Space.MissingTables(vaddr, bases);
        if (missing < 0)
        {
            return Sel4Error.RangeError;
        }

        for (int i = 0; i < missing; i++)
        {
            Sel4Error te = Alloc(owner, ObjectType.PageTable, 0, 1, out Allocation table);
            if (te != Sel4Error.NoError ||
                (te = _kernel.MapPageTable(table.FirstSlot, owner.VSpaceSlot, bases[i])) != Sel4Error.NoError ||
                (te = owner.Space.RecordTable(4 - missing + i, bases[i], table)) != Sel4Error.NoError)
            {
                return te;
            }
        }

        Sel4Error e = owner.Space.RecordPage(vaddr, frames, index);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        return _kernel.MapFrame(frames.Slot(index), owner.VSpaceSlot, vaddr, rights, attributes);
    }

    /// <summary><paramref name="count"/> objects of <paramref name="type"/>, recorded as one allocation of <paramref name="owner"/>.</summary>
    public Sel4Error Alloc(ResourceOwner owner, ObjectType type, int sizeBits, int count, out Allocation a)
    {
        Sel4Error e = count == 1 ? _untyped.Allocate(type, sizeBits, out a) : _untyped.AllocateMany(type, sizeBits, count, out a);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        if (!owner.AddAllocation(a))
        {
            _untyped.Free(a);
            return Sel4Error.NotEnoughMemory;
        }

        return Sel4Error.NoError;
    }
}
