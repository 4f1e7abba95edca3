// Interface calls the compiler could not devirtualize: resolve (object type, call site) to code, and cache the answer.
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Internal.Runtime;

/// <summary>
/// The slow path of <c>RhpInitialDynamicInterfaceDispatch</c> (runtime.S). Each interface call site has a dispatch cell
/// {stub, interface}: the interface as a 32-bit relative pointer tagged 3, and after the site's cells a terminator cell
/// {0, slot}. The method is found in the object's type or its bases: a dispatch map entry (interface index, slot) gives
/// an implementation slot, which is a vtable slot of the object's type or a sealed slot of the type that declared it;
/// default interface methods come last. The answer goes into a cache the assembly fast path reads (see
/// <see cref="DispatchCache"/>).
/// </summary>
internal static unsafe class InterfaceDispatch
{
    private const nint RelativeInterfaceTag = 3;

    [RuntimeExport("smos_resolve_interface")]
    private static nint Resolve(MethodTable* type, nint* cell, nint* cache)
    {
        MethodTable* itf = CellInterface(cell, out ushort slot);
        nint code = FindImplementation(type, itf, slot, defaults: false);
        if (code == 0)
        {
            code = FindImplementation(type, itf, slot, defaults: true);
        }

        if (code == 0)
        {
            Panic.Fail("interface dispatch: the object's type does not implement the interface method it was called through"u8);
        }

        DispatchCache.Insert(cache, cell, type, code);
        return code;
    }

    /// <summary>Reads the interface and slot of a call site's cell.</summary>
    private static MethodTable* CellInterface(nint* cell, out ushort slot)
    {
        nint cache = cell[1];
        MethodTable* itf;
        if ((cache & RelativeInterfaceTag) == RelativeInterfaceTag)
        {
            int relative = (int)cache & ~(int)RelativeInterfaceTag;
            itf = (MethodTable*)((byte*)(cell + 1) + relative);
        }
        else
        {
            itf = (MethodTable*)(cache & ~RelativeInterfaceTag);
        }

        nint* terminator = cell;
        while (terminator[0] != 0)
        {
            terminator += 2;
        }

        slot = (ushort)terminator[1];
        return itf;
    }

    private static nint FindImplementation(MethodTable* type, MethodTable* itf, ushort slot, bool defaults)
    {
        for (MethodTable* current = type; current != null; current = current->BaseType)
        {
            DispatchMap* map = current->DispatchMap;
            if (map == null)
            {
                continue;
            }

            int first = defaults ? map->StandardCount : 0;
            int end = defaults ? map->StandardCount + map->DefaultCount : map->StandardCount;
            MethodTable** interfaces = current->InterfaceMap;
            for (int i = first; i < end; i++)
            {
                DispatchMapEntry* entry = map->Entry(i);
                if (entry->InterfaceSlot == slot && entry->InterfaceIndex < current->NumInterfaces &&
                    interfaces[entry->InterfaceIndex] == itf)
                {
                    int implementation = entry->ImplementationSlot;
                    return implementation < current->NumVtableSlots
                        ? type->VTable[implementation]
                        : current->SealedVirtualSlot(implementation - current->NumVtableSlots);
                }
            }
        }

        return 0;
    }
}

/// <summary>
/// The resolved-call cache (2.8 KiB of .bss in a program that makes interface calls: <c>smos_dispatch_cache</c> in
/// runtime.S, which the dispatch stub hands to <see cref="InterfaceDispatch"/>; an app without interface calls links
/// neither). It holds a table of <see cref="Buckets"/> pointers to immutable {cell, type, code} entries, the pool's used
/// count, then the pool of <see cref="PoolEntries"/> entries. An entry is written completely before its pointer is
/// published with a release store, and the fast path reads the entry through that pointer (an address dependency), so
/// another thread never sees half an entry. When the pool is used up, calls keep resolving on the slow path.
/// </summary>
internal static unsafe class DispatchCache
{
    /// <summary>Table size; must match the hash in runtime.S.</summary>
    public const int Buckets = 64;

    /// <summary>Entries in the pool; runtime.S reserves Buckets + 1 + 3 * PoolEntries words.</summary>
    public const int PoolEntries = 96;

    /// <summary>The bucket of (cell, type), as the assembly computes it.</summary>
    public static int Bucket(nint* cell, MethodTable* type)
    {
        ulong h = (ulong)cell ^ (ulong)type;
        h ^= h >> 9;
        return (int)((h >> 3) & (Buckets - 1));
    }

    /// <summary>Caches (cell, type) -> code in <paramref name="cache"/> (the layout above).</summary>
    public static void Insert(nint* cache, nint* cell, MethodTable* type, nint code)
    {
        int index = Interlocked.Increment(ref *(int*)(cache + Buckets)) - 1;
        if (index >= PoolEntries)
        {
            return;
        }

        nint* entry = cache + Buckets + 1 + (index * 3);
        entry[0] = (nint)cell;
        entry[1] = (nint)type;
        entry[2] = code;
        Volatile.Write(ref cache[Bucket(cell, type)], (nint)entry);
    }
}
