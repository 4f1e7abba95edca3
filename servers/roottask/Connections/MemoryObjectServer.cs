// Shared memory objects (MemCreate, MemHandle, MemMap, MemUnmap, MemClose): pages one process makes and others map through a handle, charged to the creator.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Connections;

/// <summary>One memory object: its frames (one allocation, charged to the creator), its handles and its state.</summary>
internal sealed class MemoryObjectRecord
{
    public ulong Id;
    public ulong Creator;
    public int Pages;
    public Allocation Frames;

    /// <summary>The minted originals of its handles (badged copies of the root task's endpoint); copies are their children.</summary>
    public RootSlot ReadWrite;
    public RootSlot ReadOnly;

    /// <summary>True until the creator closes it (MemClose) or ends.</summary>
    public bool Open;

    /// <summary>Live mappings of it, in any process.</summary>
    public int Mappings;

    /// <summary>What the creator's quota holds for it: the frames' block, and a slot per frame and per minted handle.</summary>
    public ulong ChargedBytes;
    public ulong ChargedCaps;
}

/// <summary>One mapping of an object in one process: a copy of each frame's capability, mapped there.</summary>
internal sealed class MappingRecord
{
    public ulong Pid;
    public MemoryObjectRecord Object = null!;
    public ulong Vaddr;
    public RootSlot[] Copies = Array.Empty<RootSlot>();
}

/// <summary>
/// The memory-object service (docs/protocol.md, "Memory objects"). An object lives while its creator holds it open
/// (from MemCreate until its MemClose or its end) or any process has it mapped; then it is destroyed: its handles are
/// revoked (every copy in any process goes with the original, so a stale copy is an empty slot and a request with it is
/// <see cref="RootError.NoMemoryObject"/>), its frames freed and the creator's quota given back. The creator's end
/// destroys its objects at once, unmapping them from every process (what its quota paid for cannot outlive it). The
/// frames and the handles' root slots are charged to the creator; a mapping's frame copies (a slot per page) and the
/// page tables it needs to whoever maps. Objects are found by id in a hash map; a process's mappings by a scan of the
/// live mappings (bounded by the mappers' slot quotas).
/// </summary>
internal sealed class MemoryObjectServer
{
    private readonly RootResources _res;
    private readonly ProcessTable _table;
    private readonly RootSlot _endpoint;
    private readonly WordHashMap _byId = new();
    private MemoryObjectRecord[] _objects = new MemoryObjectRecord[8];
    private int _objectCount;
    private MappingRecord[] _maps = new MappingRecord[8];
    private int _mapCount;
    private ulong _nextId = 1;

    public MemoryObjectServer(RootResources res, ProcessTable table, RootSlot serverEndpoint)
    {
        _res = res;
        _table = table;
        _endpoint = serverEndpoint;
    }

    /// <summary>Live objects.</summary>
    public int ObjectCount => _objectCount;

    /// <summary>Live mappings, over every process.</summary>
    public int MappingCount => _mapCount;

    /// <summary>The most objects alive at once.</summary>
    public int MostObjects { get; private set; }

    /// <summary>True for the labels this service handles.</summary>
    public static bool IsRequest(ulong label) => label >= (ulong)RootRequest.MemCreate && label <= (ulong)RootRequest.MemClose;

    /// <summary>True when the message carries exactly one capability and it was a memory-object handle (unwrapped into its badge).</summary>
    public static bool CarriesHandle(MessageInfo info, ulong unwrapped) =>
        info.ExtraCaps == 1 && (info.CapsUnwrapped & 1) != 0 && MemoryObjectAbi.IsHandle(unwrapped);

    /// <summary>One request: decode every argument, find the handle's object, check rights and addresses, then act.</summary>
    public RootError Handle(Process caller, MessageInfo info, ulong unwrapped, ReadOnlySpan<ulong> mrs, ref ulong value, ref RootSlot capSlot)
    {
        RootError e;
        MemoryObjectRecord? o;
        bool takesHandle = info.Label != (ulong)RootRequest.MemCreate && info.Label != (ulong)RootRequest.MemUnmap;
        if (info.ExtraCaps != 0 && !takesHandle)
        {
            return RootError.BadArgument; // MemCreate and MemUnmap take no capability
        }

        switch ((RootRequest)info.Label)
        {
            case RootRequest.MemCreate:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeMemCreate(mrs, out MemCreateArgs create))) != RootError.Ok)
                {
                    return e;
                }

                return create.Pages == 0 || create.Pages > MemoryObjectAbi.MaxPages ? RootError.BadArgument : Create(caller, (int)create.Pages, ref value, ref capSlot);
            case RootRequest.MemHandle:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeMemHandle(mrs, out MemHandleArgs handle))) != RootError.Ok ||
                    (e = Find(info, unwrapped, handle.Rights == MemoryRights.ReadWrite, out o)) != RootError.Ok)
                {
                    return e;
                }

                return GiveHandle(o!, handle.Rights == MemoryRights.ReadWrite, ref value, ref capSlot);
            case RootRequest.MemMap:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeMemMap(mrs, out MemMapArgs map))) != RootError.Ok)
                {
                    return e;
                }

                if (map.Vaddr == 0 || map.Vaddr % ProcessAbi.PageSize != 0)
                {
                    return RootError.BadAddress;
                }

                if ((e = Find(info, unwrapped, map.Rights == MemoryRights.ReadWrite, out o)) != RootError.Ok)
                {
                    return e;
                }

                return Map(caller, o!, map, ref value);
            case RootRequest.MemUnmap:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeMemUnmap(mrs, out MemUnmapArgs unmap))) != RootError.Ok)
                {
                    return e;
                }

                int m = FindMapping(caller.Pid, unmap.Vaddr);
                if (m < 0)
                {
                    return RootError.BadAddress; // no mapping of the caller starts there
                }

                Unmap(m);
                return RootError.Ok;
            case RootRequest.MemClose:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeMemClose(mrs))) != RootError.Ok || (e = Find(info, unwrapped, false, out o)) != RootError.Ok)
                {
                    return e;
                }

                if (o!.Creator != caller.Pid || !o.Open)
                {
                    return RootError.NotPermitted; // only its creator holds it open, once
                }

                o.Open = false;
                DestroyIfUnused(o);
                return RootError.Ok;
            default:
                return RootError.UnknownRequest;
        }
    }

    /// <summary>Everything <paramref name="p"/> had: its mappings are unmapped and the objects it created destroyed (unmapped everywhere).</summary>
    public void ProcessEnded(Process p)
    {
        for (int i = _mapCount - 1; i >= 0; i--)
        {
            if (i < _mapCount && _maps[i].Pid == p.Pid)
            {
                Unmap(i);
            }
        }

        for (int i = _objectCount - 1; i >= 0; i--)
        {
            if (i < _objectCount && _objects[i].Creator == p.Pid)
            {
                Destroy(_objects[i]);
            }
        }
    }

    // The object the attached handle names, with rights for `writable`: NoMemoryObject without a live one,
    // ReadOnlyHandle when writable is asked of a read-only handle.
    private RootError Find(MessageInfo info, ulong unwrapped, bool writable, out MemoryObjectRecord? o)
    {
        o = null;
        if (!CarriesHandle(info, unwrapped) || !_byId.TryGet(unwrapped & MemoryObjectAbi.IdMask, out int index))
        {
            return RootError.NoMemoryObject;
        }

        if (writable && (unwrapped & MemoryObjectAbi.WritableFlag) == 0)
        {
            return RootError.ReadOnlyHandle;
        }

        o = _objects[index];
        return RootError.Ok;
    }

    private RootError Create(Process caller, int pages, ref ulong value, ref RootSlot capSlot)
    {
        if (_nextId > MemoryObjectAbi.IdMask)
        {
            return RootError.TooManyConnections; // 2^48 - 1 objects over the root task's life
        }

        // The creator's quota first: the frames' whole block, a slot per frame and one for the read-write handle.
        ulong bytes = PageMapper.BlockBytes(ObjectSizes.Bits(ObjectType.SmallPage, 0), pages);
        ulong slots = (ulong)pages + 1;
        if (!caller.Account.TryCharge(QuotaKind.Memory, bytes))
        {
            return RootError.QuotaMemory;
        }

        if (!caller.Account.TryCharge(QuotaKind.Slots, slots))
        {
            caller.Account.Release(QuotaKind.Memory, bytes);
            return RootError.QuotaSlots;
        }

        var o = MakeRecord();
        if (o is null)
        {
            Uncharge(caller.Account, bytes, slots);
            return RootError.NoMemory;
        }

        ulong id = _nextId;
        if (_res.Untyped.AllocateMany(ObjectType.SmallPage, 0, pages, out o.Frames) != Sel4Error.NoError)
        {
            Uncharge(caller.Account, bytes, slots);
            return RootError.NoMemory;
        }

        if (_res.Slots.MintNew(_endpoint, CapRights.Write, MemoryObjectAbi.Badge(id, writable: true), out o.ReadWrite) != Sel4Error.NoError)
        {
            _res.Untyped.Free(o.Frames);
            Uncharge(caller.Account, bytes, slots);
            return RootError.TooManyConnections; // no root-task slot for the handle
        }

        _nextId++;
        o.Id = id;
        o.Creator = caller.Pid;
        o.Pages = pages;
        o.Open = true;
        o.Mappings = 0;
        o.ReadOnly = RootSlot.None;
        o.ChargedBytes = bytes;
        o.ChargedCaps = slots;
        _byId.Set(id, _objectCount); // room reserved by MakeRecord
        _objects[_objectCount++] = o;
        MostObjects = _objectCount > MostObjects ? _objectCount : MostObjects;
        value = (ulong)pages;
        capSlot = o.ReadWrite;
        return RootError.Ok;
    }

    // A handle with the asked rights: the read-write original, or the read-only one (minted on first ask, a slot charged to the creator).
    private RootError GiveHandle(MemoryObjectRecord o, bool writable, ref ulong value, ref RootSlot capSlot)
    {
        if (!writable && o.ReadOnly.IsNone)
        {
            QuotaAccount? creator = _table.Find(o.Creator)?.Account;
            if (creator is null || !creator.TryCharge(QuotaKind.Slots, 1))
            {
                return RootError.QuotaSlots;
            }

            if (_res.Slots.MintNew(_endpoint, CapRights.Write, MemoryObjectAbi.Badge(o.Id, writable: false), out o.ReadOnly) != Sel4Error.NoError)
            {
                creator.Release(QuotaKind.Slots, 1);
                return RootError.TooManyConnections;
            }

            o.ChargedCaps++;
        }

        value = (ulong)o.Pages;
        capSlot = writable ? o.ReadWrite : o.ReadOnly;
        return RootError.Ok;
    }

    private RootError Map(Process caller, MemoryObjectRecord o, in MemMapArgs args, ref ulong value)
    {
        ulong size = (ulong)o.Pages * ProcessAbi.PageSize;
        ulong vaddr = args.Vaddr;
        if (vaddr >= ProcessAbi.StartInfoVaddr || size > ProcessAbi.StartInfoVaddr - vaddr ||
            (vaddr < ProcessAbi.HeapRegionEnd && vaddr + size > ProcessAbi.HeapRegionBase) || ConnectionAbi.InSharedWindow(vaddr, size) ||
            !caller.Space.IsFreeRange(vaddr, size))
        {
            return RootError.BadAddress;
        }

        // Room in the caller's records for the pages and their tables, and a record for the mapping.
        MappingRecord? m = MakeMapping(o.Pages);
        if (m is null || _res.Mapper.MakeRoom(caller, vaddr, o.Pages, allocations: 0) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        // The frame copies are the mapper's slots (its page tables are charged as they are made).
        if (!caller.Account.TryCharge(QuotaKind.Slots, (ulong)o.Pages))
        {
            return RootError.QuotaSlots;
        }

        CapRights rights = (args.Rights == MemoryRights.ReadWrite) ? CapRights.ReadWrite : CapRights.Read;
        m.Pid = caller.Pid;
        m.Object = o;
        m.Vaddr = vaddr;
        _maps[_mapCount++] = m;
        o.Mappings++;
        for (int i = 0; i < o.Pages; i++)
        {
            RootSlot copy = RootSlot.None;
            bool ok = _res.Slots.CopyNew(o.Frames.Slot(i), rights, out copy) == Sel4Error.NoError;
            m.Copies[i] = copy;
            if (ok)
            {
                var frame = new Allocation { Type = ObjectType.SmallPage, FirstSlot = copy, Count = 1 };
                ok = _res.Mapper.MapPage(caller, frame, 0, vaddr + ((ulong)i * ProcessAbi.PageSize), rights, VmAttributes.Data) == Sel4Error.NoError;
            }

            if (!ok)
            {
                Unmap(_mapCount - 1); // what was mapped goes back; the quota's refusal (a page table) names the error
                return RootError.NoMemory;
            }
        }

        value = (ulong)o.Pages;
        return RootError.Ok;
    }

    // Unmaps mapping `index` (deleting a frame copy unmaps it), forgets its pages (their emptied tables go), gives the
    // mapper its slots back and destroys the object when it was its last use.
    private void Unmap(int index)
    {
        MappingRecord m = _maps[index];
        Process? owner = _table.Find(m.Pid);
        ulong released = 0;
        for (int i = 0; i < m.Copies.Length; i++)
        {
            if (m.Copies[i].IsSome)
            {
                _res.Slots.Release(ref m.Copies[i]);
                released++;
            }

            if (owner is not null)
            {
                _res.Mapper.ForgetPage(owner, m.Vaddr + ((ulong)i * ProcessAbi.PageSize));
            }
        }

        owner?.Account.Release(QuotaKind.Slots, (ulong)m.Copies.Length);
        _maps[index] = _maps[--_mapCount];
        _maps[_mapCount] = null!;
        MemoryObjectRecord o = m.Object;
        o.Mappings--;
        DestroyIfUnused(o);
    }

    private void DestroyIfUnused(MemoryObjectRecord o)
    {
        if (!o.Open && o.Mappings == 0 && _byId.Contains(o.Id))
        {
            Destroy(o);
        }
    }

    // Unmaps it everywhere, revokes its handles (every copy in every process goes), frees its frames, gives the creator its quota back.
    private void Destroy(MemoryObjectRecord o)
    {
        o.Open = false;
        if (!_byId.TryGet(o.Id, out int index))
        {
            return;
        }

        _byId.Remove(o.Id);
        for (int i = _mapCount - 1; i >= 0; i--)
        {
            if (i < _mapCount && _maps[i].Object == o)
            {
                Unmap(i);
            }
        }

        _res.Slots.Release(ref o.ReadWrite, revoke: true);
        _res.Slots.Release(ref o.ReadOnly, revoke: true);
        _res.Untyped.Free(o.Frames);
        QuotaAccount? creator = _table.Find(o.Creator)?.Account;
        if (creator is not null)
        {
            Uncharge(creator, o.ChargedBytes, o.ChargedCaps);
        }

        MemoryObjectRecord last = _objects[--_objectCount];
        _objects[index] = last;
        _objects[_objectCount] = null!;
        if (last != o)
        {
            _byId.Set(last.Id, index);
        }
    }

    private int FindMapping(ulong pid, ulong vaddr)
    {
        for (int i = 0; i < _mapCount; i++)
        {
            if (_maps[i].Pid == pid && _maps[i].Vaddr == vaddr)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Uncharge(QuotaAccount account, ulong bytes, ulong caps)
    {
        account.Release(QuotaKind.Memory, bytes);
        account.Release(QuotaKind.Slots, caps);
    }

    // A record for a new object with room for it in the table and the id map (null when the root task's heap cannot grow).
    private MemoryObjectRecord? MakeRecord()
    {
        try
        {
            if (_objectCount == _objects.Length)
            {
                var bigger = new MemoryObjectRecord[_objects.Length * 2];
                Array.Copy(_objects, bigger, _objectCount);
                _objects = bigger;
            }

            _byId.Reserve();
            return new MemoryObjectRecord();
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    // A record for a new mapping of `pages` pages with room for it in the table (null when the heap cannot grow).
    private MappingRecord? MakeMapping(int pages)
    {
        try
        {
            if (_mapCount == _maps.Length)
            {
                var bigger = new MappingRecord[_maps.Length * 2];
                Array.Copy(_maps, bigger, _mapCount);
                _maps = bigger;
            }

            return new MappingRecord { Copies = new RootSlot[pages] };
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }
}
