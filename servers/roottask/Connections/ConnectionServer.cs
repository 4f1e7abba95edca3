// The connection server: ConnPublish / ConnOpen / ConnClose / ConnDestroy / ConnShare. Decode, validate, then invoke.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Connections;

/// <summary>
/// Named connections between processes (docs/protocol.md). Every object it creates belongs to a publication or a
/// connection (same indexes as in <see cref="ConnectionRegistry"/>, whose tables grow: these arrays follow them after
/// each check that made records) and is returned when the publication is
/// destroyed, the connection closed, or its process ends. One exception keeps a server safe from its clients: when a
/// client closes (or ends) a connection with a shared page, the page is unmapped from the client only; the server's
/// mapping stays until the server has consumed the Closed record (its ring tail has passed it), checked at the start of
/// every connection request, or until the publication is destroyed or the server ends.
/// </summary>
internal sealed unsafe partial class ConnectionServer
{
    /// <summary>Root-task addresses where it maps each publication's notification buffer to write events.</summary>
    public const ulong RootBufferWindow = 0x3000_0000;

    /// <summary>Memory a publication's objects take from its owner's quota: the endpoint's 16-byte block and the buffer's page.</summary>
    public const ulong PublicationBytes = 16 + 4096;

    /// <summary>Root slots a publication takes from its owner's quota: endpoint, buffer, the root task's copy, the badged signal.</summary>
    public const ulong PublicationSlotCount = 4;

    private readonly ConnectionRegistry _registry = new();
    private RootSlot[] _farewellEndpoints = new RootSlot[8];
    private PublicationObjects[] _pubs = new PublicationObjects[ConnectionRegistry.InitialPublications];
    private ConnectionObjects[] _conns = new ConnectionObjects[ConnectionRegistry.InitialConnections];
    private readonly byte[] _name = new byte[ConnectionAbi.NameScratchBytes];
    private readonly RootResources _res;
    private readonly ServerKernel _kernel;
    private readonly ProcessTable _table;

    public ConnectionServer(RootResources res, ProcessTable table)
    {
        _res = res;
        _kernel = res.Kernel;
        _table = table;
    }

    /// <summary>The tables (for figures: counts and peaks).</summary>
    public ConnectionRegistry Registry => _registry;

    /// <summary>The kernel objects of one connection (same index as its record in the registry).</summary>
    private struct ConnectionObjects
    {
        /// <summary>The badged endpoint minted for the client.</summary>
        public RootSlot MintSlot;

        /// <summary>The shared page, if the client asked for one (ConnShare).</summary>
        public SharedPage Shared;

        /// <summary>The server's notification, badged for the client (ConnNotify by the client).</summary>
        public RootSlot ClientBell;

        /// <summary>The client's notification, badged for the server (ConnNotify by the server).</summary>
        public RootSlot ServerBell;
    }

    private struct SharedPage
    {
        /// <summary>Whose quota holds the frame and its 2 root slots: the client's, or the server's once the client closed.</summary>
        public ulong ChargedTo;
        public Allocation Frame;
        public RootSlot ServerCopySlot;
        public ulong ClientVaddr;
        public ulong ClientPid;
        public ulong ServerVaddr;
        public ulong ServerPid;
    }

    private struct PublicationObjects
    {
        /// <summary>The owner's quota holds the endpoint, buffer and their 4 root slots (<see cref="PublicationBytes"/>).</summary>
        public bool Charged;
        public Allocation Endpoint;
        public Allocation Buffer;
        public ulong BufferVaddr;
        public RootSlot RootCopySlot;
        public RootSlot SignalSlot;
    }

    public RootError Publish(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value, ref RootSlot capSlot)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnPublish(mrs, _name, out ConnPublishArgs publish));
        ReadOnlySpan<byte> name = publish.Name;
        ulong vaddr = publish.BufferAddress;
        if (e != RootError.Ok || (e = ConnectionAbi.CheckName(name)) != RootError.Ok ||
            (e = _registry.CheckPublish(caller.Pid, name, out int index)) != RootError.Ok || (e = FitObjects()) != RootError.Ok)
        {
            return e;
        }

        CountUsage(caller);
        if (!caller.Account.Fits(QuotaKind.Publications, 1))
        {
            return RootError.QuotaPublications;
        }

        // Room for the farewell of a process holding this many publications (its end must not allocate).
        int owned = _registry.Owned(caller.Pid) + 1;
        if (_farewellEndpoints.Length < owned)
        {
            try
            {
                _farewellEndpoints = new RootSlot[owned * 2];
            }
            catch (OutOfMemoryException)
            {
                return RootError.NoMemory;
            }
        }

        if (!ConnectionRegistry.ValidBufferAddress(vaddr, ProcessAbi.HeapRegionBase, ProcessAbi.HeapRegionEnd, caller.Space))
        {
            return RootError.BadAddress;
        }

        // Room in the caller's records for the buffer's page and the tables it needs (the frame is the publication's).
        if (_res.Mapper.MakeRoom(caller, vaddr, 1, allocations: 0) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        // The publication's objects are the owner's: charged first, so its quota names what it lacks.
        if (!caller.Account.TryCharge(QuotaKind.Memory, PublicationBytes))
        {
            return RootError.QuotaMemory;
        }

        if (!caller.Account.TryCharge(QuotaKind.Slots, PublicationSlotCount))
        {
            caller.Account.Release(QuotaKind.Memory, PublicationBytes);
            return RootError.QuotaSlots;
        }

        if ((e = Create(caller, index, vaddr)) != RootError.Ok)
        {
            caller.Account.Release(QuotaKind.Memory, PublicationBytes);
            caller.Account.Release(QuotaKind.Slots, PublicationSlotCount);
            return e;
        }

        _pubs[index].Charged = true;

        value = _registry.AddPublication(index, caller.Pid, name);
        capSlot = _pubs[index].Endpoint.FirstSlot;
        return RootError.Ok;
    }

    public RootError Open(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value, ref RootSlot capSlot)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnOpen(mrs, _name, out ConnOpenArgs open));
        // CheckOpen checks the name (BadName) only when no publication has it: every published name is a valid one.
        if (e != RootError.Ok ||
            (e = _registry.CheckOpen(caller.Pid, open.Name, out int pub, out int c)) != RootError.Ok ||
            (e = FitObjects()) != RootError.Ok)
        {
            return e;
        }

        // Its connection quota (the registry counts them), then the badged endpoint's root slot (its slot quota).
        caller.Account.SetUsed(QuotaKind.Connections, (ulong)_registry.Held(caller.Pid));
        if (!caller.Account.Fits(QuotaKind.Connections, 1))
        {
            return RootError.QuotaConnections;
        }

        if (!caller.Account.TryCharge(QuotaKind.Slots, 1))
        {
            return RootError.QuotaSlots;
        }

        ulong id = _registry.AddConnection(c, pub, caller.Pid);
        Sel4Error minted = _res.Slots.MintNew(_pubs[pub].Endpoint.FirstSlot, AppRights.CallOnly, id, out RootSlot mint);
        if (minted != Sel4Error.NoError)
        {
            // No free root slot, or the kernel refused the mint.
            caller.Account.Release(QuotaKind.Slots, 1);
            _registry.RemoveConnection(c);
            return minted == Sel4Error.NotEnoughMemory ? RootError.TooManyConnections : RootError.NoMemory;
        }

        _conns[c].MintSlot = mint;
        Post(pub, ConnectionEvent.Opened, id, caller.Pid, 0);
        value = id;
        capSlot = mint;
        return RootError.Ok;
    }

    public RootError Close(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnClose(mrs, out ConnCloseArgs close));
        if (e != RootError.Ok || (e = _registry.FindConnection(close.Handle, caller.Pid, out int c)) != RootError.Ok)
        {
            return e;
        }

        CloseConnection(c, 0);
        return RootError.Ok;
    }

    public RootError Destroy(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnDestroy(mrs, out ConnDestroyArgs destroy));
        if (e != RootError.Ok || (e = _registry.FindOwnedPublication(destroy.Handle, caller.Pid, out int pub)) != RootError.Ok)
        {
            return e;
        }

        DestroyPublication(pub, caller);
        return RootError.Ok;
    }

    /// <summary>
    /// ConnNotify: MR0 = a connection id. From the connection's client: replies with a doorbell to the server (a copy of
    /// the server's notification badged <see cref="ConnectionAbi.DoorbellBadge"/>); from the owner of its publication: a
    /// doorbell to the client. Both are revoked when the connection closes.
    /// </summary>
    public RootError Notify(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref RootSlot capSlot)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnNotify(mrs, out ConnNotifyArgs notify));
        if (e != RootError.Ok)
        {
            return e;
        }

        ulong id = notify.Id;

        bool asClient = _registry.FindConnection(id, caller.Pid, out int c) == RootError.Ok;
        if (!asClient && (e = _registry.FindServedConnection(id, caller.Pid, out c)) != RootError.Ok)
        {
            return e;
        }

        ulong peerPid = asClient ? _registry.PublicationOwner(_registry.ConnectionPublication(c)) : _registry.ConnectionClient(c);
        Process? peer = _table.Find(peerPid);
        ref RootSlot bell = ref asClient ? ref _conns[c].ClientBell : ref _conns[c].ServerBell;
        if (peer is null)
        {
            return RootError.NoSuchProcess;
        }

        // A doorbell's root slot is the asker's (its slot quota): the client's ClientBell, the server's ServerBell.
        if (bell.IsNone)
        {
            if (!caller.Account.TryCharge(QuotaKind.Slots, 1))
            {
                return RootError.QuotaSlots;
            }

            if (_res.Slots.MintNew(peer.NotificationSlot, AppRights.SignalOnly, ConnectionAbi.DoorbellBadge, out bell) != Sel4Error.NoError)
            {
                caller.Account.Release(QuotaKind.Slots, 1);
                return RootError.NoMemory;
            }
        }

        capSlot = bell; // the reply carries a copy; revoking this slot removes it
        return RootError.Ok;
    }

    /// <summary>The topics each process holds (the broker's), for the publications count; null in tests of this server alone.</summary>
    public IHeldCount? Topics { get; set; }

    /// <summary>
    /// Sets <paramref name="p"/>'s live connections and publications in its quota account (the registries keep the
    /// counts): a publication is a name it published or a topic it holds.
    /// </summary>
    public void CountUsage(Process p)
    {
        p.Account.SetUsed(QuotaKind.Connections, (ulong)_registry.Held(p.Pid));
        p.Account.SetUsed(QuotaKind.Publications, (ulong)(_registry.Owned(p.Pid) + (Topics?.HeldBy(p.Pid) ?? 0)));
    }

    /// <summary>
    /// The endpoints of <paramref name="p"/>'s publications (clients may be calling them), in a buffer that ConnPublish
    /// keeps as large as the most publications any process has held, so that a process's end never allocates.
    /// </summary>
    public ReadOnlySpan<RootSlot> PublicationEndpoints(Process p)
    {
        int n = 0;
        for (int i = _registry.FirstOfOwner(p.Pid); i >= 0 && n < _farewellEndpoints.Length; i = _registry.NextOfOwner(i))
        {
            _farewellEndpoints[n++] = _pubs[i].Endpoint.FirstSlot;
        }

        return new ReadOnlySpan<RootSlot>(_farewellEndpoints, 0, n);
    }

    /// <summary>A process is ending: close its connections and destroy its publications (before its objects go).</summary>
    public void ProcessEnded(Process p)
    {
        // Its own connections only (its client list); CloseConnection may remove the record, so the next is read first.
        for (int i = _registry.FirstOfClient(p.Pid); i >= 0;)
        {
            int next = _registry.NextOfClient(i);
            if (_registry.ConnectionInUse(i))
            {
                CloseConnection(i, 1);
            }

            i = next;
        }

        // Its own publications only (its owner list); DestroyPublication removes the record, so the next is read first.
        for (int i = _registry.FirstOfOwner(p.Pid); i >= 0;)
        {
            int next = _registry.NextOfOwner(i);
            DestroyPublication(i, p);
            i = next;
        }
    }

    // The objects' arrays follow the registry's tables (a check may have made records); NoMemory if they cannot.
    private RootError FitObjects()
    {
        try
        {
            _pubs = _pubs.Length < _registry.PublicationCapacity ? Grown(_pubs, _registry.PublicationCapacity) : _pubs;
            _conns = _conns.Length < _registry.ConnectionCapacity ? Grown(_conns, _registry.ConnectionCapacity) : _conns;
            return RootError.Ok;
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }
    }

    private static T[] Grown<T>(T[] items, int length)
    {
        var grown = new T[length];
        Array.Copy(items, grown, items.Length);
        return grown;
    }

    private RootError Create(Process caller, int index, ulong vaddr)
    {
        ref PublicationObjects p = ref _pubs[index];
        p = default;
        UntypedManager untyped = _res.Untyped;
        if (untyped.Allocate(ObjectType.Endpoint, 0, out p.Endpoint) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        if (untyped.Allocate(ObjectType.SmallPage, 0, out p.Buffer) != Sel4Error.NoError)
        {
            untyped.Free(p.Endpoint);
            p = default;
            return RootError.NoMemory;
        }

        p.BufferVaddr = vaddr;
        ulong rootVaddr = RootBufferWindow + ((ulong)index * 4096);
        bool ok = _res.Slots.CopyNew(p.Buffer.FirstSlot, CapRights.ReadWrite, out p.RootCopySlot) == Sel4Error.NoError &&
            _res.MapInRoot(p.RootCopySlot, rootVaddr).IsOk &&
            _res.Slots.MintNew(caller.NotificationSlot, CapRights.All, ConnectionAbi.EventBadge, out p.SignalSlot) == Sel4Error.NoError &&
            _res.Mapper.MapPage(caller, p.Buffer, 0, vaddr, CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError;
        if (!ok)
        {
            FreeObjects(index, caller);
            return RootError.NoMemory;
        }

        return RootError.Ok;
    }

    private void DestroyPublication(int index, Process owner)
    {
        // Live connections, and closed ones whose page the server still had: the server is done with all of them.
        for (int i = _registry.FirstConnectionOf(index); i >= 0;)
        {
            int next = _registry.NextConnectionOf(i);
            DropConnection(i);
            i = next;
        }

        FreeObjects(index, owner);
        _registry.RemovePublication(index);
    }

    private void FreeObjects(int index, Process owner)
    {
        ref PublicationObjects p = ref _pubs[index];
        if (p.Charged)
        {
            owner.Account.Release(QuotaKind.Memory, PublicationBytes);
            owner.Account.Release(QuotaKind.Slots, PublicationSlotCount);
        }

        _res.Slots.Release(ref p.SignalSlot);
        _res.Slots.Release(ref p.RootCopySlot); // deleting the copy unmaps it from the root task
        if (p.Buffer.Count != 0)
        {
            _res.Untyped.Free(p.Buffer); // unmaps it from the server
            _res.Mapper.ForgetPage(owner, p.BufferVaddr); // and returns the page tables it leaves empty
        }

        if (p.Endpoint.Count != 0)
        {
            _res.Untyped.Free(p.Endpoint); // destroys the endpoint and every copy: the server's and the clients'
        }

        p = default;
    }

    // The client closed the connection or ended. Everything goes now, except a shared page's mapping in the server: that
    // stays until the server acknowledges the Closed record (ReleaseAcknowledged), so a server still working in the page
    // never has it pulled away by its client.
    private void CloseConnection(int index, ulong reason)
    {
        int pub = _registry.ConnectionPublication(index);
        ulong sequence = Post(pub, ConnectionEvent.Closed, _registry.ConnectionId(index), _registry.ConnectionClient(index), reason);
        ref SharedPage page = ref _conns[index].Shared;
        if (page.Frame.Count == 0 || _table.Find(page.ServerPid) is null)
        {
            DropConnection(index);
            return;
        }

        // Unmapping the original frame capability takes the page from the client only (the server maps a copy). The page
        // is the server's until it acknowledges: its charge moves to the server's quota (at most 16 such pages a server).
        _kernel.UnmapFrame(page.Frame.FirstSlot);
        Forget(page.ClientPid, page.ClientVaddr);
        MoveCharge(ref page, page.ServerPid);
        page.ClientPid = 0;
        ReleaseSlots(index);
        _registry.MarkClosing(index, sequence);
    }

    private void DropConnection(int index)
    {
        FreeShared(index);
        ReleaseSlots(index);
        _registry.RemoveConnection(index);
    }

    // Revoking removes the copies handed out in replies (doorbells, and copies the client made of its endpoint); each slot
    // goes back to the quota it was charged to (the client: its endpoint and ClientBell; the server: ServerBell). Both
    // processes are live here: a process's end closes its connections and destroys its publications before it goes.
    private void ReleaseSlots(int index)
    {
        ref ConnectionObjects c = ref _conns[index];
        ulong clientSlots = (c.ClientBell.IsSome ? 1UL : 0) + (c.MintSlot.IsSome ? 1UL : 0);
        if (clientSlots != 0)
        {
            _table.Find(_registry.ConnectionClient(index))?.Account.Release(QuotaKind.Slots, clientSlots);
        }

        if (c.ServerBell.IsSome)
        {
            _table.Find(_registry.PublicationOwner(_registry.ConnectionPublication(index)))?.Account.Release(QuotaKind.Slots, 1);
        }

        _res.Slots.Release(ref c.ClientBell, revoke: true);
        _res.Slots.Release(ref c.ServerBell, revoke: true);
        _res.Slots.Release(ref c.MintSlot, revoke: true);
    }

    // Forgets a page whose frame is unmapped from process `pid` (if it still exists), with the tables it leaves empty.
    private void Forget(ulong pid, ulong vaddr)
    {
        Process? p = pid == 0 ? null : _table.Find(pid);
        if (p is not null)
        {
            _res.Mapper.ForgetPage(p, vaddr);
        }
    }

    // Appends an event record to a publication's ring and signals its server (the root task's only writes to
    // another process's memory outside ForeignMemory: its own mapping of the buffer, through a volatile span). Returns the
    // record's sequence number, or NeverAcknowledged when the ring was full and the record was dropped.
    private ulong Post(int pub, ConnectionEvent type, ulong badge, ulong pid, ulong value)
    {
        ulong sequence = ConnectionRegistry.NeverAcknowledged;
        var ring = new VolatileSpan<ulong>((ulong*)_kernel.RootMemory(RootBufferWindow + ((ulong)pub * 4096)), ConnectionAbi.BufferBytes / 8);
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
            sequence = head;
        }

        _kernel.Signal(_pubs[pub].SignalSlot);
        return sequence;
    }
}
