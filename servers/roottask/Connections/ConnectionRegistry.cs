// The connection server's tables and validation rules (names, owners, handles, limits); they grow with demand. Pure: host-tested.
using System;
using System.Collections.Generic;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Connections;

/// <summary>
/// Who published what and who is connected to whom. The validate step of the connection requests lives here;
/// <see cref="ConnectionServer"/> adds the kernel objects (same indexes). Both tables grow with demand (records are
/// reused before new ones are made); a name finds its publication through a hash map, a connection id (the client's
/// badge) its connection through another, and a publication handle carries its record's index: all O(1) expected, with
/// no allocation. Limits: a process's own (publications, connections as a client: <see cref="RootError.ProcessLimit"/>),
/// a server's shared pages (<see cref="RootError.ServerLimit"/>), then the documented hard limits every process shares
/// (<see cref="MaxPublicationsAtOnce"/>, <see cref="MaxConnectionIds"/>: <see cref="RootError.TooManyConnections"/>),
/// checked in that order, so the answer names the limit that was hit; a root task whose heap cannot grow answers NoMemory.
/// </summary>
public sealed class ConnectionRegistry : IHeldCount
{
    /// <summary>Records made up front (the old fixed tables' sizes); more are made on demand.</summary>
    public const int InitialPublications = 16;

    /// <inheritdoc cref="InitialPublications"/>
    public const int InitialConnections = 64;

    /// <summary>
    /// Publications held at once, for all processes: the root task maps each one's notification buffer at
    /// <see cref="ConnectionServer.RootBufferWindow"/> + index pages, a 256 MiB window.
    /// </summary>
    public const int MaxPublicationsAtOnce = 65536;

    /// <summary>
    /// Connection ids (the badges of clients' endpoints) and publication handles count up from 1 and are never reused;
    /// an id stays below 2^60, clear of the notification bits a server's Recv can also return (<see cref="ConnectionAbi.InterruptBadge"/>,
    /// <see cref="ConnectionAbi.DoorbellBadge"/>, <see cref="ConnectionAbi.EventBadge"/>). After 2^60 - 1 ids ConnOpen and ConnPublish are TooManyConnections.
    /// </summary>
    public const ulong MaxConnectionIds = (1UL << 60) - 1;

    /// <summary><see cref="ConnectionAbi"/>: a Closed record that was dropped (the ring was full) is never acknowledged by the tail.</summary>
    public const ulong NeverAcknowledged = ulong.MaxValue;

    /// <summary>One publication: who owns it, the handle it was given, its name (in <see cref="_names"/>) and its connections.</summary>
    private struct PublicationRecord
    {
        public bool InUse;
        public ulong Owner;
        public ulong Handle;
        public int NameLength;

        /// <summary>First record of its connections (live and closing), linked through ConnectionRecord.Next; -1 for none.</summary>
        public int FirstConnection;

        /// <summary>Neighbours in its owner's list of publications (-1 at the ends): a server's end visits only its own.</summary>
        public int NextOfOwner;
        public int PreviousOfOwner;
    }

    /// <summary>
    /// One connection: its id (the client's badge), the publication it opened and the client's pid. A closed connection
    /// whose shared page is still mapped in the server keeps its record as Closing until the server has consumed the
    /// Closed record at <see cref="AckSequence"/>.
    /// </summary>
    private struct ConnectionRecord
    {
        public bool InUse;
        public bool Closing;
        public bool HasPage;
        public ulong Id;
        public int Publication;
        public ulong Client;
        public ulong AckSequence;

        /// <summary>Neighbours in its publication's list of connections (-1 at the ends).</summary>
        public int Next;
        public int Previous;

        /// <summary>Neighbours in its client's list of connections (-1 at the ends): a process's end visits only its own.</summary>
        public int NextOfClient;
        public int PreviousOfClient;
    }

    private PublicationRecord[] _pubs = new PublicationRecord[InitialPublications];
    private byte[] _names = new byte[InitialPublications * ConnectionAbi.MaxNameBytes];
    private readonly FreeRecords _freePubs = new(InitialPublications);
    private ConnectionRecord[] _conns = new ConnectionRecord[InitialConnections];
    private readonly FreeRecords _freeConns = new(InitialConnections);

    private readonly NameHashMap _byName = new(InitialPublications);
    private readonly WordHashMap _byId = new(InitialConnections);
    private readonly WordHashMap _held = new();   // client pid -> its live connections
    private readonly WordHashMap _clientHead = new(); // client pid -> 1 + first record of its list (live and closing)
    private readonly WordHashMap _owned = new();  // owner pid -> its publications
    private readonly WordHashMap _ownerHead = new(); // owner pid -> 1 + first publication of its list
    private readonly WordHashMap _pages = new();  // server pid -> shared pages it holds (live or awaiting acknowledgement)
    private readonly List<int> _closing = new();
    private ulong _nextId = 1;

    public ConnectionRegistry()
    {
        MakePublications(InitialPublications);
        MakeConnections(InitialConnections);
    }

    /// <summary>Publication records made so far (indexes 0 .. PublicationCapacity-1); the server sizes its objects by it.</summary>
    public int PublicationCapacity => _freePubs.Made;

    /// <summary>Connection records made so far (indexes 0 .. ConnectionCapacity-1).</summary>
    public int ConnectionCapacity => _freeConns.Made;

    /// <summary>Publications held now.</summary>
    public int PublicationCount => _byName.Count;

    /// <summary>Connection records taken now (live and closing).</summary>
    public int ConnectionCount => _freeConns.InUse;

    /// <summary>The most publications / connection records held at once since <see cref="ResetPeaks"/>.</summary>
    public int PeakPublications { get; private set; }

    /// <inheritdoc cref="PeakPublications"/>
    public int PeakConnections { get; private set; }

    public void ResetPeaks()
    {
        PeakPublications = PublicationCount;
        PeakConnections = ConnectionCount;
    }

    public bool PublicationInUse(int i) => _pubs[i].InUse;

    public ulong PublicationOwner(int i) => _pubs[i].Owner;

    public ulong PublicationHandle(int i) => _pubs[i].Handle;

    /// <summary>The first of <paramref name="pid"/>'s publications (its list), or -1.</summary>
    public int FirstOfOwner(ulong pid) => _ownerHead.Get(pid) - 1;

    /// <summary>The next publication of the same owner after <paramref name="publication"/>, or -1.</summary>
    public int NextOfOwner(int publication) => _pubs[publication].NextOfOwner;

    /// <summary>Publications <paramref name="pid"/> owns.</summary>
    public int Owned(ulong pid) => _owned.Get(pid);

    /// <inheritdoc cref="Owned"/>
    int IHeldCount.HeldBy(ulong pid) => Owned(pid);

    /// <summary>The first connection record (live or closing) of publication <paramref name="pub"/>, or -1.</summary>
    public int FirstConnectionOf(int pub) => _pubs[pub].FirstConnection;

    /// <summary>The connection after <paramref name="connection"/> in its publication's list, or -1.</summary>
    public int NextConnectionOf(int connection) => _conns[connection].Next;

    /// <summary>A live connection (open, not closing).</summary>
    public bool ConnectionInUse(int i) => _conns[i].InUse && !_conns[i].Closing;

    /// <summary>The record is taken: a live connection, or a closed one whose page the server has not acknowledged.</summary>
    public bool SlotInUse(int i) => _conns[i].InUse;

    /// <summary>Closed by its client, its shared page still mapped in the server until the server acknowledges.</summary>
    public bool ConnectionClosing(int i) => _conns[i].InUse && _conns[i].Closing;

    /// <summary>The sequence number of the Closed record the server must consume (its tail must pass it).</summary>
    public ulong ConnectionAckSequence(int i) => _conns[i].AckSequence;

    public ulong ConnectionId(int i) => _conns[i].Id;

    public int ConnectionPublication(int i) => _conns[i].Publication;

    public ulong ConnectionClient(int i) => _conns[i].Client;

    /// <summary>Connections closed by their client whose shared page waits for the server's acknowledgment.</summary>
    public int ClosingCount => _closing.Count;

    /// <summary>The <paramref name="k"/>th closing connection (0 .. ClosingCount-1).</summary>
    public int ClosingAt(int k) => _closing[k];

    /// <summary>
    /// Validates ConnPublish: the name is free (NameTaken), a record is free or can be made
    /// (TooManyConnections past <see cref="MaxPublicationsAtOnce"/> or <see cref="MaxConnectionIds"/>, NoMemory when the
    /// root task's heap cannot grow). <paramref name="index"/> is the record <see cref="AddPublication"/> will take.
    /// </summary>
    public RootError CheckPublish(ulong pid, ReadOnlySpan<byte> name, out int index)
    {
        index = -1;
        if (!ConnectionAbi.ValidName(name))
        {
            return RootError.BadName;
        }

        if (_byName.Find(name) >= 0)
        {
            return RootError.NameTaken;
        }

        if (_nextId > MaxConnectionIds || (_freePubs.Count == 0 && _freePubs.Made >= MaxPublicationsAtOnce))
        {
            return RootError.TooManyConnections;
        }

        // Everything a publication needs is made here, so that AddPublication cannot fail.
        try
        {
            if (_freePubs.Count == 0)
            {
                MakePublications(_freePubs.Made);
            }

            _byName.Reserve();
            _owned.Reserve();
            _ownerHead.Reserve();
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }

        index = _freePubs.Top;
        return RootError.Ok;
    }

    /// <summary>Records a publication at <paramref name="index"/> (from <see cref="CheckPublish"/>); returns its handle.</summary>
    public ulong AddPublication(int index, ulong pid, ReadOnlySpan<byte> name)
    {
        _freePubs.Take(index);
        int firstOfOwner = _ownerHead.Get(pid) - 1;
        _pubs[index] = new PublicationRecord
        {
            InUse = true,
            Owner = pid,
            Handle = ((ulong)(index + 1) << 32) | (uint)_nextId++,
            NameLength = name.Length,
            FirstConnection = -1,
            NextOfOwner = firstOfOwner,
            PreviousOfOwner = -1,
        };
        if (firstOfOwner >= 0)
        {
            _pubs[firstOfOwner].PreviousOfOwner = index;
        }

        _ownerHead.Set(pid, index + 1);
        name.CopyTo(new Span<byte>(_names, index * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
        _byName.Add(name, index);
        _owned.AddTo(pid, 1);
        PeakPublications = PublicationCount > PeakPublications ? PublicationCount : PeakPublications;
        return _pubs[index].Handle;
    }

    /// <summary>Forgets publication <paramref name="index"/> (the server has dropped its connections first).</summary>
    public void RemovePublication(int index)
    {
        if (!_pubs[index].InUse)
        {
            return;
        }

        _byName.Remove(new ReadOnlySpan<byte>(_names, index * ConnectionAbi.MaxNameBytes, _pubs[index].NameLength));
        _owned.AddTo(_pubs[index].Owner, -1);
        ref PublicationRecord p = ref _pubs[index];
        if (p.PreviousOfOwner >= 0)
        {
            _pubs[p.PreviousOfOwner].NextOfOwner = p.NextOfOwner;
        }
        else if (p.NextOfOwner >= 0)
        {
            _ownerHead.Set(p.Owner, p.NextOfOwner + 1);
        }
        else
        {
            _ownerHead.Remove(p.Owner);
        }

        if (p.NextOfOwner >= 0)
        {
            _pubs[p.NextOfOwner].PreviousOfOwner = p.PreviousOfOwner;
        }

        _pubs[index] = default;
        _freePubs.Give(index);
    }

    public int FindPublication(ReadOnlySpan<byte> name) => _byName.Find(name);

    /// <summary>
    /// Validates ConnOpen by <paramref name="pid"/>: the name is published (NoSuchName), a record is free or can be made
    /// (TooManyConnections past <see cref="MaxConnectionIds"/>, NoMemory when the root task's heap cannot grow). How many
    /// connections a process holds is bounded by its connection and slot quotas (ConnectionServer), not here.
    /// </summary>
    public RootError CheckOpen(ulong pid, ReadOnlySpan<byte> name, out int publication, out int connection)
    {
        connection = -1;
        publication = FindPublication(name);
        if (publication < 0)
        {
            return ConnectionAbi.ValidName(name) ? RootError.NoSuchName : RootError.BadName;
        }

        if (_nextId > MaxConnectionIds)
        {
            return RootError.TooManyConnections;
        }

        try
        {
            if (_freeConns.Count == 0)
            {
                MakeConnections(_freeConns.Made);
            }

            // The maps AddConnection writes to get their room now.
            _byId.Reserve();
            _held.Reserve();
            _clientHead.Reserve();
            if (_closing.Capacity < _freeConns.Made)
            {
                _closing.Capacity = _freeConns.Made;
            }
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }

        connection = _freeConns.Top;
        return RootError.Ok;
    }

    /// <summary>
    /// Validates ConnShare on connection <paramref name="index"/>: its server holds fewer than
    /// <see cref="ConnectionAbi.MaxSharedPagesPerServer"/> shared pages (live or awaiting acknowledgement), else ServerLimit.
    /// </summary>
    public RootError CheckShare(int index)
    {
        ulong server = _pubs[_conns[index].Publication].Owner;
        if (SharedPages(server) >= ConnectionAbi.MaxSharedPagesPerServer)
        {
            return RootError.ServerLimit;
        }

        try
        {
            _pages.Reserve(); // MarkShared cannot fail
        }
        catch (OutOfMemoryException)
        {
            return RootError.NoMemory;
        }

        return RootError.Ok;
    }

    /// <summary>Shared pages <paramref name="server"/> holds (of live connections, or closed ones it has not acknowledged).</summary>
    public int SharedPages(ulong server) => _pages.Get(server);

    /// <summary>Connection <paramref name="index"/> has a shared page (counted against its server).</summary>
    public void MarkShared(int index)
    {
        if (!_conns[index].HasPage)
        {
            _conns[index].HasPage = true;
            _pages.AddTo(_pubs[_conns[index].Publication].Owner, 1);
        }
    }

    /// <summary>
    /// The client closed connection <paramref name="index"/> (or ended) while the server still has its shared page: the
    /// record stays, no longer live, until the server's tail passes <paramref name="ackSequence"/>.
    /// </summary>
    public void MarkClosing(int index, ulong ackSequence)
    {
        if (_conns[index].InUse && !_conns[index].Closing)
        {
            _closing.Add(index); // room was made by CheckOpen
            _held.AddTo(_conns[index].Client, -1);
            _byId.Remove(_conns[index].Id);
        }

        _conns[index].Closing = true;
        _conns[index].AckSequence = ackSequence;
    }

    /// <summary>Records a connection at <paramref name="index"/> (from <see cref="CheckOpen"/>); returns its id, which is also the badge of the client's endpoint.</summary>
    public ulong AddConnection(int index, int publication, ulong client)
    {
        _freeConns.Take(index);
        int first = _pubs[publication].FirstConnection;
        int firstOfClient = _clientHead.Get(client) - 1;
        _conns[index] = new ConnectionRecord
        {
            InUse = true, Id = _nextId++, Publication = publication, Client = client, Next = first, Previous = -1,
            NextOfClient = firstOfClient, PreviousOfClient = -1,
        };
        if (first >= 0)
        {
            _conns[first].Previous = index;
        }

        if (firstOfClient >= 0)
        {
            _conns[firstOfClient].PreviousOfClient = index;
        }

        _clientHead.Set(client, index + 1);

        _pubs[publication].FirstConnection = index;
        _byId.Set(_conns[index].Id, index);
        _held.AddTo(client, 1);
        PeakConnections = ConnectionCount > PeakConnections ? ConnectionCount : PeakConnections;
        return _conns[index].Id;
    }

    public void RemoveConnection(int index)
    {
        ref ConnectionRecord c = ref _conns[index];
        if (!c.InUse)
        {
            return;
        }

        if (c.Closing)
        {
            _closing.Remove(index);
        }
        else
        {
            _held.AddTo(c.Client, -1);
            _byId.Remove(c.Id);
        }

        if (c.HasPage)
        {
            _pages.AddTo(_pubs[c.Publication].Owner, -1);
        }

        if (c.Previous >= 0)
        {
            _conns[c.Previous].Next = c.Next;
        }
        else
        {
            _pubs[c.Publication].FirstConnection = c.Next;
        }

        if (c.Next >= 0)
        {
            _conns[c.Next].Previous = c.Previous;
        }

        if (c.PreviousOfClient >= 0)
        {
            _conns[c.PreviousOfClient].NextOfClient = c.NextOfClient;
        }
        else if (c.NextOfClient >= 0)
        {
            _clientHead.Set(c.Client, c.NextOfClient + 1);
        }
        else
        {
            _clientHead.Remove(c.Client);
        }

        if (c.NextOfClient >= 0)
        {
            _conns[c.NextOfClient].PreviousOfClient = c.PreviousOfClient;
        }

        c = default;
        _freeConns.Give(index);
    }

    /// <summary>The first record (live or closing) of <paramref name="pid"/>'s connections as a client, or -1.</summary>
    public int FirstOfClient(ulong pid) => _clientHead.Get(pid) - 1;

    /// <summary>The record after <paramref name="connection"/> in its client's list, or -1.</summary>
    public int NextOfClient(int connection) => _conns[connection].NextOfClient;

    /// <summary>Live (open, not closing) connections <paramref name="pid"/> holds as a client.</summary>
    public int Held(ulong pid) => _held.Get(pid);

    /// <summary>ConnClose: the caller's own live connection with that handle, or BadHandle.</summary>
    public RootError FindConnection(ulong handle, ulong pid, out int index)
    {
        if (_byId.TryGet(handle, out index) && ConnectionInUse(index) && _conns[index].Client == pid)
        {
            return RootError.Ok;
        }

        index = -1;
        return RootError.BadHandle;
    }

    /// <summary>ConnNotify by a server: a live connection with that id to a publication the caller owns, or BadHandle.</summary>
    public RootError FindServedConnection(ulong id, ulong ownerPid, out int index)
    {
        if (_byId.TryGet(id, out index) && ConnectionInUse(index) && _pubs[_conns[index].Publication].InUse &&
            _pubs[_conns[index].Publication].Owner == ownerPid)
        {
            return RootError.Ok;
        }

        index = -1;
        return RootError.BadHandle;
    }

    /// <summary>ConnDestroy: the caller's own live publication with that handle, or BadHandle.</summary>
    public RootError FindOwnedPublication(ulong handle, ulong pid, out int index)
    {
        index = (int)((handle >> 32) & 0x7FFF_FFFF) - 1;
        if (index >= 0 && index < _freePubs.Made && _pubs[index].InUse && _pubs[index].Handle == handle && _pubs[index].Owner == pid)
        {
            return RootError.Ok;
        }

        index = -1;
        return RootError.BadHandle;
    }

    /// <summary>
    /// A notification buffer address is usable when it is page aligned, not 0, below the start-info page, outside the
    /// heap region [<paramref name="heapBase"/>, <paramref name="heapEnd"/>) and free in <paramref name="space"/>.
    /// </summary>
    public static bool ValidBufferAddress(ulong vaddr, ulong heapBase, ulong heapEnd, AddressSpace space)
    {
        return vaddr != 0 && vaddr % ProcessAbi.PageSize == 0 && vaddr < ProcessAbi.StartInfoVaddr &&
            (vaddr + ProcessAbi.PageSize <= heapBase || vaddr >= heapEnd) &&
            !ConnectionAbi.InSharedWindow(vaddr, ProcessAbi.PageSize) &&
            space.IsFreeRange(vaddr, ProcessAbi.PageSize) && !space.IsMapped(vaddr);
    }

    // Makes `more` publication records (the arrays first: a failure leaves the tables as they were).
    private void MakePublications(int more)
    {
        int made = _freePubs.Made;
        more = made + more < MaxPublicationsAtOnce ? more : MaxPublicationsAtOnce - made;
        if (made + more > _pubs.Length)
        {
            var pubs = new PublicationRecord[made + more];
            var names = new byte[(made + more) * ConnectionAbi.MaxNameBytes];
            Array.Copy(_pubs, pubs, made);
            Array.Copy(_names, names, made * ConnectionAbi.MaxNameBytes);
            _pubs = pubs;
            _names = names;
        }

        _freePubs.Make(more);
    }

    private void MakeConnections(int more)
    {
        int made = _freeConns.Made;
        if (made + more > _conns.Length)
        {
            var conns = new ConnectionRecord[made + more];
            Array.Copy(_conns, conns, made);
            _conns = conns;
        }

        _freeConns.Make(more);
    }
}
