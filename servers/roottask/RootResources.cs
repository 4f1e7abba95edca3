// The root task's early resources: free slots and kernel objects carved from one small RAM untyped.
// (A full untyped and slot manager replaces this with the process server.)
using Smos.Formats;
using Smos.Sel4;

namespace Smos.RootTask;

internal unsafe struct RootResources
{
    private ulong _nextSlot;
    private ulong _endSlot;
    private ulong _untyped;
    private ulong _nextVaddr;

    /// <summary>Where frames mapped by the root task for its own use go (far above its image).</summary>
    public const ulong MappingBase = 0x10000000;

    public static bool Create(in BootInfoView bootInfo, out RootResources resources)
    {
        resources = default;
        resources._nextSlot = bootInfo.Empty.Start;
        resources._endSlot = bootInfo.Empty.End;
        resources._nextVaddr = MappingBase;

        // The smallest RAM untyped of at least 1 MiB: large enough for threads, small enough to clear fast.
        int bestBits = 64;
        for (int i = 0; i < (int)bootInfo.Untyped.Count; i++)
        {
            UntypedDesc d = bootInfo.GetUntyped(i);
            if (!d.IsDevice && d.SizeBits >= 20 && d.SizeBits < bestBits)
            {
                bestBits = d.SizeBits;
                resources._untyped = bootInfo.Untyped.Start + (ulong)i;
            }
        }

        return bestBits < 64;
    }

    public ulong AllocSlot()
    {
        if (_nextSlot >= _endSlot)
        {
            return 0;
        }

        return _nextSlot++;
    }

    /// <summary>Retypes one object into a new slot; returns the slot or 0.</summary>
    public ulong NewObject(ObjectType type, int sizeBits, out Sel4Result result)
    {
        ulong slot = AllocSlot();
        result = new Untyped(_untyped).Retype(type, sizeBits, CNode.InitThread, 0, 0, slot, 1);
        return result.IsOk ? slot : 0;
    }

    /// <summary>Maps a new 4 KiB frame into the root task's address space, adding page tables on demand.</summary>
    public ulong MapNewFrame(out ulong frameSlot, out Sel4Result result)
    {
        frameSlot = NewObject(ObjectType.SmallPage, 0, out result);
        if (frameSlot == 0)
        {
            return 0;
        }

        ulong vaddr = _nextVaddr;
        _nextVaddr += 4096;
        var page = new Page(frameSlot);
        for (int attempt = 0; attempt < 4; attempt++)
        {
            result = page.Map(InitialCaps.InitThreadVSpace, vaddr, CapRights.ReadWrite, VmAttributes.Data);
            if (result.Error != Sel4Error.FailedLookup)
            {
                break;
            }

            // A missing paging level: the kernel maps a new table at the first level that lacks one.
            ulong table = NewObject(ObjectType.PageTable, 0, out result);
            if (table == 0)
            {
                return 0;
            }

            result = new PageTable(table).Map(InitialCaps.InitThreadVSpace, vaddr, VmAttributes.Default);
            if (!result.IsOk)
            {
                return 0;
            }
        }

        return result.IsOk ? vaddr : 0;
    }
}
