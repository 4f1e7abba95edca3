// The root task's ASID pools: the boot's one, and more made from untyped memory when every pool is full.
using Smos.Sel4;

namespace Smos.RootTask.Resources;

/// <summary>
/// Every VSpace needs an ASID from an ASID pool, and one pool holds 512 (seL4's ASIDPoolIndexBits = 9): the pool the
/// kernel gives the root task at boot holds the root task's own and 511 more, so a 512th process could not start (its
/// ASIDPool_Assign answered DeleteFirst). <see cref="Assign"/> tries the pool that last had room, then the others, and
/// when all are full makes a new one (ASIDControl_MakePool on a 4 KiB untyped block; at most 2^7 pools in all, 65,536
/// ASIDs). A deleted VSpace gives its ASID back to its pool, so pools are kept for ever and reused.
/// </summary>
internal sealed class AsidPools
{
    /// <summary>Pools the kernel allows (2^NumASIDPoolsBits; the boot's pool is one of them).</summary>
    public const int MaxPools = 1 << Sel4ObjectSizes.NumASIDPoolsBits;

    private const int PoolBits = Sel4ObjectSizes.ASIDPoolBits;

    private readonly ServerKernel _kernel;
    private readonly UntypedManager _untyped;
    private readonly RootSlots _slots;
    private readonly RootSlot[] _pools = new RootSlot[MaxPools];
    private int _count;
    private int _current;

    public AsidPools(ServerKernel kernel, UntypedManager untyped, RootSlots slots)
    {
        _kernel = kernel;
        _untyped = untyped;
        _slots = slots;
        _pools[0] = new RootSlot(InitialCaps.InitThreadAsidPool);
        _count = 1;
    }

    /// <summary>Pools in use (1 at boot).</summary>
    public int Count => _count;

    /// <summary>Untyped bytes the pools made since boot hold (kept for ever).</summary>
    public ulong MadeBytes => (ulong)(_count - 1) << PoolBits;

    /// <summary>Gives the VSpace in <paramref name="vspace"/> an ASID; NotEnoughMemory when no pool has room and none can be made.</summary>
    public Sel4Error Assign(RootSlot vspace)
    {
        for (int k = 0; k < _count; k++)
        {
            int i = (_current + k) % _count;
            Sel4Error e = _kernel.AssignAsid(vspace, _pools[i]);
            if (e != Sel4Error.DeleteFirst)
            {
                _current = e == Sel4Error.NoError ? i : _current;
                return e;
            }
        }

        Sel4Error made = MakePool();
        if (made != Sel4Error.NoError)
        {
            return made;
        }

        _current = _count - 1;
        return _kernel.AssignAsid(vspace, _pools[_current]);
    }

    private Sel4Error MakePool()
    {
        if (_count == MaxPools)
        {
            return Sel4Error.NotEnoughMemory;
        }

        Sel4Error e = _untyped.Allocate(ObjectType.Untyped, PoolBits, out Allocation block);
        if (e != Sel4Error.NoError)
        {
            return e;
        }

        e = _slots.EmptyNew(out RootSlot pool);
        if (e == Sel4Error.NoError)
        {
            e = _kernel.MakeAsidPool(block.FirstSlot, pool);
            if (e != Sel4Error.NoError)
            {
                _slots.Release(ref pool);
            }
        }

        if (e != Sel4Error.NoError)
        {
            _untyped.Free(block);
            return e;
        }

        _pools[_count++] = pool;
        return Sel4Error.NoError;
    }
}
