// The page-mapping service: kernel objects charged to an owner, frames mapped into its VSpace with the page tables they need, and those tables returned when their last page goes.
using System;
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Maps frames into a <see cref="ResourceOwner"/>'s VSpace, creating (and charging to the owner) the page tables the
/// address needs, and forgets pages, returning the tables they leave empty. The process server maps ELF segments,
/// stacks and heap pages through it, the connection server notification buffers and shared pages. A request first makes
/// room in the owner's records (<see cref="MakeRoom"/>, in its validate step); the maps and allocations it then records
/// cannot fail for room.
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

    /// <summary>The most allocations one owner held at once since <see cref="ResetPeaks"/>.</summary>
    public int MostAllocations { get; private set; }

    /// <summary>The most pages one owner had mapped at once since <see cref="ResetPeaks"/>.</summary>
    public int MostPages { get; private set; }

    /// <summary>The most page tables one owner had at once since <see cref="ResetPeaks"/>.</summary>
    public int MostTables { get; private set; }

    /// <summary>Page tables returned because their last page went (not counting those freed when their owner ended).</summary>
    public int TablesReturned { get; private set; }

    /// <summary>Starts the peaks and the returned-table count again.</summary>
    public void ResetPeaks()
    {
        MostAllocations = 0;
        MostPages = 0;
        MostTables = 0;
        TablesReturned = 0;
    }

    /// <summary>
    /// The validate step of a request that maps <paramref name="pages"/> pages from <paramref name="start"/> in
    /// <paramref name="owner"/> (0 pages: none) and adds <paramref name="allocations"/> allocations and
    /// <paramref name="regions"/> reserved regions of its own: makes room for those records and for every table the range
    /// lacks (a record and an allocation each). RangeError: the range is not user space; NotEnoughMemory: the root task's
    /// heap cannot grow (every record is as it was).
    /// </summary>
    public Sel4Error MakeRoom(ResourceOwner owner, ulong start, int pages, int allocations, int regions = 0)
    {
        int tables = pages == 0 ? 0 : owner.Space.TablesToMap(start, pages);
        if (tables < 0)
        {
            return Sel4Error.RangeError;
        }

        return owner.MakeRoom(allocations + tables, tables, pages, regions) ? Sel4Error.NoError : Sel4Error.NotEnoughMemory;
    }

    /// <summary>
    /// Maps frame <paramref name="index"/> of <paramref name="frames"/> at <paramref name="vaddr"/> in <paramref name="owner"/>'s
    /// VSpace, with the page tables the address lacks. When a table or the page's record fails, the tables this call
    /// made are freed and forgotten (none stays empty, charged to the owner); when the frame's own map fails the page
    /// stays recorded, for the caller to forget with the frame.
    /// </summary>
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
            if (te != Sel4Error.NoError)
            {
                ForgetNewTables(owner, bases, missing, i);
                return te;
            }

            if ((te = _kernel.MapPageTable(table.FirstSlot, owner.VSpaceSlot, bases[i])) != Sel4Error.NoError ||
                (te = owner.Space.RecordTable(4 - missing + i, bases[i], table)) != Sel4Error.NoError)
            {
                _untyped.Free(table); // deleting its only capability unmaps it if it was mapped
                owner.RemoveAllocation(table);
                ForgetNewTables(owner, bases, missing, i);
                return te;
            }
        }

        Sel4Error e = owner.Space.RecordPage(vaddr, frames, index);
        if (e != Sel4Error.NoError)
        {
            ForgetNewTables(owner, bases, missing, missing);
            return e;
        }

        MostPages = owner.Space.PageCount > MostPages ? owner.Space.PageCount : MostPages;
        MostTables = owner.Space.TableCount > MostTables ? owner.Space.TableCount : MostTables;
        return _kernel.MapFrame(frames.Slot(index), owner.VSpaceSlot, vaddr, rights, attributes);
    }

    // The first `made` of the `missing` tables MapPage recorded for one page (levels 4 - missing ..), deepest first:
    // empty, since the page never got in; each is freed and forgotten.
    private void ForgetNewTables(ResourceOwner owner, ReadOnlySpan<ulong> bases, int missing, int made)
    {
        for (int i = made - 1; i >= 0; i--)
        {
            if (owner.Space.RemoveEmptyTable(4 - missing + i, bases[i], out TableRecord table))
            {
                _untyped.Free(table.Allocation);
                owner.RemoveAllocation(table.Allocation);
            }
        }
    }

    /// <summary>
    /// Forgets the page at <paramref name="vaddr"/> in <paramref name="owner"/>'s VSpace (the caller has unmapped its frame,
    /// or deleted it) and returns every page table it leaves empty, deepest first: freeing a table's allocation deletes
    /// its only capability, which unmaps it from the table above, and its untyped memory is free again. False when no
    /// page is recorded there.
    /// </summary>
    public bool ForgetPage(ResourceOwner owner, ulong vaddr)
    {
        Span<TableRecord> emptied = stackalloc TableRecord[3];
        int n = owner.Space.RemovePage(vaddr, out _, emptied);
        for (int i = 0; i < n; i++)
        {
            _untyped.Free(emptied[i].Allocation);
            owner.RemoveAllocation(emptied[i].Allocation);
            TablesReturned++;
        }

        return n >= 0;
    }

    /// <summary><paramref name="count"/> objects of <paramref name="type"/>, recorded as one allocation of <paramref name="owner"/>.</summary>
    public Sel4Error Alloc(ResourceOwner owner, ObjectType type, int sizeBits, int count, out Allocation a)
    {
        // The owner's quota first (the block's bytes and a slot per object), so a refusal costs no kernel call; the
        // request's error then names the quota (QuotaAccount.Refused).
        int objectBits = ObjectSizes.Bits(type, sizeBits);
        if (objectBits >= 0 && count >= 1 && count <= ObjectSizes.MaxRetypeCount &&
            (!owner.Account.Fits(Protocol.QuotaKind.Memory, BlockBytes(objectBits, count)) || !owner.Account.Fits(Protocol.QuotaKind.Slots, (ulong)count)))
        {
            a = default;
            return Sel4Error.NotEnoughMemory;
        }

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

        MostAllocations = owner.AllocationCount > MostAllocations ? owner.AllocationCount : MostAllocations;
        return Sel4Error.NoError;
    }

    /// <summary>The bytes of the block <paramref name="count"/> objects of 2^<paramref name="objectBits"/> bytes come from (the untyped manager's rounding).</summary>
    public static ulong BlockBytes(int objectBits, int count)
    {
        int bits = objectBits + ObjectSizes.CeilLog2(count);
        return 1UL << (bits < ObjectSizes.MinUntypedBits ? ObjectSizes.MinUntypedBits : bits);
    }
}
