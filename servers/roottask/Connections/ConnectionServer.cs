// The connection server: ConnPublish / ConnOpen / ConnClose / ConnDestroy (decode and validate, then invoke).
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Connections;

/// <summary>
/// Named connections between processes (docs/protocol.md). Every object it creates is owned by a publication or a
/// connection record and returned when the publication is destroyed, the connection closed, or its process ends.
/// </summary>
internal sealed unsafe class ConnectionServer
{
    public const int MaxPublications = 16;
    public const int MaxConnections = 64;

    /// <summary>Root-task addresses where it maps each publication's notification buffer to write events.</summary>
    public const ulong RootBufferWindow = 0x3000_0000;

    private readonly Publication[] _pubs = new Publication[MaxPublications];
    private readonly byte[] _names = new byte[MaxPublications * ConnectionAbi.MaxNameBytes];
    private readonly Connection[] _conns = new Connection[MaxConnections];
    private readonly RootResources _res;
    private readonly Spawner _spawner;
    private ulong _nextId = 1;

    public ConnectionServer(RootResources res, Spawner spawner)
    {
        _res = res;
        _spawner = spawner;
    }

    private struct Publication
    {
        public bool InUse;
        public ulong Owner;
        public ulong Handle;
        public int NameLength;
        public Allocation Endpoint;
        public Allocation Buffer;
        public ulong BufferVaddr;
        public ulong RootCopySlot;
        public ulong SignalSlot;
    }

    private struct Connection
    {
        public bool InUse;
        public ulong Id;
        public int Publication;
        public ulong Client;
        public ulong MintSlot;
    }

    /// <summary>MR0 = name length, MR1 = buffer vaddr, name from MR2. Reply MR0 = handle, one cap: the listening endpoint.</summary>
    public RootError Publish(Process caller, MessageInfo info, Span<byte> name, ref ulong value, ref ulong capSlot)
    {
        ulong vaddr;
        using (var r = Ipc.Read())
        {
            ulong n = r.GetMr(0);
            if (info.Length < 2 || n == 0 || n > ConnectionAbi.MaxNameBytes || info.Length != 2 + ProcessAbi.PackedWords((int)n))
            {
                return info.Length < 2 || n == 0 || n > ConnectionAbi.MaxNameBytes ? RootError.BadName : RootError.BadLength;
            }

            vaddr = r.GetMr(1);
            name = name.Slice(0, (int)n);
            r.CopyOut(2, name);
        }

        // Validate everything before creating anything.
        if (!ConnectionAbi.ValidName(name))
        {
            return RootError.BadName;
        }

        if (FindPublication(name) >= 0)
        {
            return RootError.NameTaken;
        }

        int free = -1;
        int owned = 0;
        for (int i = 0; i < MaxPublications; i++)
        {
            if (!_pubs[i].InUse)
            {
                free = free < 0 ? i : free;
            }
            else if (_pubs[i].Owner == caller.Pid)
            {
                owned++;
            }
        }

        if (free < 0 || owned >= ConnectionAbi.MaxPublicationsPerProcess)
        {
            return RootError.TooManyConnections;
        }

        if (!ValidBufferAddress(caller, vaddr))
        {
            return RootError.BadAddress;
        }

        RootError e = Create(caller, free, vaddr);
        if (e != RootError.Ok)
        {
            return e;
        }

        ref Publication p = ref _pubs[free];
        name.CopyTo(new Span<byte>(_names, free * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
        p.NameLength = name.Length;
        value = p.Handle;
        capSlot = p.Endpoint.FirstSlot;
        return RootError.Ok;
    }

    /// <summary>MR0 = name length, name from MR1. Reply MR0 = connection handle, one cap: the badged endpoint.</summary>
    public RootError Open(Process caller, MessageInfo info, Span<byte> name, ref ulong value, ref ulong capSlot)
    {
        using (var r = Ipc.Read())
        {
            ulong n = r.GetMr(0);
            if (info.Length < 1 || n == 0 || n > ConnectionAbi.MaxNameBytes || info.Length != 1 + ProcessAbi.PackedWords((int)n))
            {
                return info.Length < 1 || n == 0 || n > ConnectionAbi.MaxNameBytes ? RootError.BadName : RootError.BadLength;
            }

            name = name.Slice(0, (int)n);
            r.CopyOut(1, name);
        }

        int pub = FindPublication(name);
        if (pub < 0)
        {
            return ConnectionAbi.ValidName(name) ? RootError.NoSuchName : RootError.BadName;
        }

        int c = -1;
        for (int i = 0; i < MaxConnections && c < 0; i++)
        {
            c = _conns[i].InUse ? -1 : i;
        }

        if (c < 0 || !_res.Slots.TryAlloc(out ulong mint))
        {
            return RootError.TooManyConnections;
        }

        ulong id = _nextId++;
        if (!CNode.InitThread.Mint(mint, CNode.InitThread, _pubs[pub].Endpoint.FirstSlot, CapRights.All, id).IsOk)
        {
            _res.Slots.Free(mint);
            return RootError.NoMemory;
        }

        _conns[c] = new Connection { InUse = true, Id = id, Publication = pub, Client = caller.Pid, MintSlot = mint };
        Post(pub, ConnectionEvent.Opened, id, caller.Pid, 0);
        value = id;
        capSlot = mint;
        return RootError.Ok;
    }

    /// <summary>MR0 = connection handle (the client's own).</summary>
    public RootError Close(Process caller, MessageInfo info)
    {
        ulong handle = OneArgument(info, out RootError error);
        if (error != RootError.Ok)
        {
            return error;
        }

        for (int i = 0; i < MaxConnections; i++)
        {
            if (_conns[i].InUse && _conns[i].Id == handle && _conns[i].Client == caller.Pid)
            {
                CloseConnection(i, 0);
                return RootError.Ok;
            }
        }

        return RootError.BadHandle;
    }

    /// <summary>MR0 = publication handle (the server's own): unpublishes and closes every connection to it.</summary>
    public RootError Destroy(Process caller, MessageInfo info)
    {
        ulong handle = OneArgument(info, out RootError error);
        if (error != RootError.Ok)
        {
            return error;
        }

        for (int i = 0; i < MaxPublications; i++)
        {
            if (_pubs[i].InUse && _pubs[i].Handle == handle && _pubs[i].Owner == caller.Pid)
            {
                DestroyPublication(i, caller);
                return RootError.Ok;
            }
        }

        return RootError.BadHandle;
    }

    /// <summary>A process is ending: close its connections and destroy its publications (before its objects go).</summary>
    public void ProcessEnded(Process p)
    {
        for (int i = 0; i < MaxConnections; i++)
        {
            if (_conns[i].InUse && _conns[i].Client == p.Pid)
            {
                CloseConnection(i, 1);
            }
        }

        for (int i = 0; i < MaxPublications; i++)
        {
            if (_pubs[i].InUse && _pubs[i].Owner == p.Pid)
            {
                DestroyPublication(i, p);
            }
        }
    }

    public int LivePublications
    {
        get
        {
            int n = 0;
            for (int i = 0; i < MaxPublications; i++)
            {
                n += _pubs[i].InUse ? 1 : 0;
            }

            return n;
        }
    }

    private RootError Create(Process caller, int index, ulong vaddr)
    {
        ref Publication p = ref _pubs[index];
        p = default;
        UntypedManager untyped = _res.Untyped;
        if (untyped.Allocate(ObjectType.Endpoint, 0, out p.Endpoint) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        if (untyped.Allocate(ObjectType.SmallPage, 0, out p.Buffer) != Sel4Error.NoError)
        {
            untyped.Free(p.Endpoint);
            return RootError.NoMemory;
        }

        p.InUse = true;
        p.Owner = caller.Pid;
        p.Handle = ((ulong)(index + 1) << 32) | _nextId++;
        p.BufferVaddr = vaddr;
        ulong rootVaddr = RootBufferWindow + ((ulong)index * 4096);
        bool ok = _res.Slots.TryAlloc(out p.RootCopySlot) &&
            CNode.InitThread.Copy(p.RootCopySlot, CNode.InitThread, p.Buffer.FirstSlot, CapRights.ReadWrite).IsOk &&
            _res.MapInRoot(p.RootCopySlot, rootVaddr).IsOk &&
            _res.Slots.TryAlloc(out p.SignalSlot) &&
            CNode.InitThread.Mint(p.SignalSlot, CNode.InitThread, caller.NotificationSlot, CapRights.All, ConnectionAbi.EventBadge).IsOk &&
            _spawner.MapPage(caller, p.Buffer, 0, vaddr, CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError;
        if (!ok)
        {
            DestroyPublication(index, caller);
            return RootError.NoMemory;
        }

        return RootError.Ok;
    }

    private void DestroyPublication(int index, Process owner)
    {
        for (int i = 0; i < MaxConnections; i++)
        {
            if (_conns[i].InUse && _conns[i].Publication == index)
            {
                DropConnection(i);
            }
        }

        ref Publication p = ref _pubs[index];
        FreeSlot(ref p.SignalSlot);
        FreeSlot(ref p.RootCopySlot); // deleting the copy unmaps it from the root task
        owner.Space.RemovePage(p.BufferVaddr, out _);
        if (p.Buffer.Count != 0)
        {
            _res.Untyped.Free(p.Buffer); // unmaps it from the server
        }

        _res.Untyped.Free(p.Endpoint); // destroys the endpoint and every copy: the server's and the clients'
        p = default;
    }

    private void CloseConnection(int index, ulong reason)
    {
        Connection c = _conns[index];
        Post(c.Publication, ConnectionEvent.Closed, c.Id, c.Client, reason);
        DropConnection(index);
    }

    private void DropConnection(int index)
    {
        ref Connection c = ref _conns[index];
        CNode.InitThread.Revoke(c.MintSlot); // the client's copy
        FreeSlot(ref c.MintSlot);
        c = default;
    }

    private void FreeSlot(ref ulong slot)
    {
        if (slot != 0)
        {
            CNode.InitThread.Delete(slot);
            _res.Slots.Free(slot);
            slot = 0;
        }
    }

    // Appends an event record to a publication's ring and signals its server.
    private void Post(int pub, ConnectionEvent type, ulong badge, ulong pid, ulong value)
    {
        ref Publication p = ref _pubs[pub];
        var ring = new VolatileSpan<ulong>((ulong*)(RootBufferWindow + ((ulong)pub * 4096)), ConnectionAbi.BufferBytes / 8);
        ulong head = ring[ConnectionAbi.HeadWord];
        ulong tail = ring[ConnectionAbi.TailWord];
        if (head - tail >= ConnectionAbi.RingRecords)
        {
            ring.Set(ConnectionAbi.DroppedWord, ring[ConnectionAbi.DroppedWord] + 1);
        }
        else
        {
            int w = ConnectionAbi.RecordWord(head);
            ring.Set(w, (ulong)type);
            ring.Set(w + 1, badge);
            ring.Set(w + 2, pid);
            ring.Set(w + 3, value);
            ring.Set(ConnectionAbi.HeadWord, head + 1); // published after the record (release store)
        }

        new Notification(p.SignalSlot).Signal();
    }

    private int FindPublication(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < MaxPublications; i++)
        {
            if (_pubs[i].InUse && InitLine.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _pubs[i].NameLength)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool ValidBufferAddress(Process caller, ulong vaddr)
    {
        ulong heapEnd = ProcessAbi.HeapRegionBase + ((ulong)caller.PageQuota * ProcessAbi.PageSize);
        return vaddr != 0 && vaddr % ProcessAbi.PageSize == 0 && vaddr < ProcessAbi.StartInfoVaddr &&
            (vaddr + ProcessAbi.PageSize <= ProcessAbi.HeapRegionBase || vaddr >= heapEnd) &&
            caller.Space.IsFreeRange(vaddr, ProcessAbi.PageSize) && !caller.Space.IsMapped(vaddr);
    }

    private static ulong OneArgument(MessageInfo info, out RootError error)
    {
        error = info.Length == 1 ? RootError.Ok : RootError.BadLength;
        using var r = Ipc.Read();
        return r.GetMr(0);
    }
}
