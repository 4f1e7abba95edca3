// The connection server's tables and validation rules (names, owners, handles, limits). Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Connections;

/// <summary>
/// Who published what and who is connected to whom. The validate step of the connection requests lives here;
/// <see cref="ConnectionServer"/> adds the kernel objects (same indexes). Limits: a process's own (publications,
/// connections as a client: <see cref="RootError.ProcessLimit"/>), a server's shared pages
/// (<see cref="RootError.ServerLimit"/>), then the tables every process shares (<see cref="RootError.TooManyConnections"/>),
/// checked in that order, so the answer names the limit that was hit.
/// </summary>
public sealed class ConnectionRegistry
{
    public const int MaxPublications = ConnectionAbi.MaxPublications;
    public const int MaxConnections = ConnectionAbi.MaxConnections;

    /// <summary><see cref="ConnectionAbi"/>: a Closed record that was dropped (the ring was full) is never acknowledged by the tail.</summary>
    public const ulong NeverAcknowledged = ulong.MaxValue;

    /// <summary>One publication: who owns it, the handle it was given and its name (in <see cref="_names"/>).</summary>
    private struct PublicationRecord
    {
        public bool InUse;
        public ulong Owner;
        public ulong Handle;
        public int NameLength;
    }

    /// <summary>
    /// One connection: its id (the client's badge), the publication it opened and the client's pid. A closed connection
    /// whose shared page is still mapped in the server keeps its record (and so its shared-window slot) as Closing until
    /// the server has consumed the Closed record at <see cref="AckSequence"/>.
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
    }

    private readonly PublicationRecord[] _pubs = new PublicationRecord[MaxPublications];
    private readonly byte[] _names = new byte[MaxPublications * ConnectionAbi.MaxNameBytes];
    private readonly ConnectionRecord[] _conns = new ConnectionRecord[MaxConnections];

    // Live connections per client, for the per-process limit without a scan of every record on each ConnOpen: the
    // first _holders entries are (pid, count) pairs of the clients that hold at least one.
    private readonly ulong[] _holderPid = new ulong[MaxConnections];
    private readonly int[] _holderCount = new int[MaxConnections];
    private int _holders;
    private ulong _nextId = 1;

    public bool PublicationInUse(int i) => _pubs[i].InUse;

    public ulong PublicationOwner(int i) => _pubs[i].Owner;

    public ulong PublicationHandle(int i) => _pubs[i].Handle;

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

    /// <summary>
    /// Validates ConnPublish: the name is free (NameTaken), the caller holds fewer than
    /// <see cref="ConnectionAbi.MaxPublicationsPerProcess"/> (ProcessLimit), a record is free (TooManyConnections).
    /// </summary>
    public RootError CheckPublish(ulong pid, ReadOnlySpan<byte> name, out int index)
    {
        index = -1;
        if (!ConnectionAbi.ValidName(name))
        {
            return RootError.BadName;
        }

        if (FindPublication(name) >= 0)
        {
            return RootError.NameTaken;
        }

        int owned = 0;
        for (int i = 0; i < MaxPublications; i++)
        {
            if (!_pubs[i].InUse)
            {
                index = index < 0 ? i : index;
            }
            else if (_pubs[i].Owner == pid)
            {
                owned++;
            }
        }

        return owned >= ConnectionAbi.MaxPublicationsPerProcess ? RootError.ProcessLimit : index < 0 ? RootError.TooManyConnections : RootError.Ok;
    }

    /// <summary>Records a publication at <paramref name="index"/> (from <see cref="CheckPublish"/>); returns its handle.</summary>
    public ulong AddPublication(int index, ulong pid, ReadOnlySpan<byte> name)
    {
        _pubs[index] = new PublicationRecord { InUse = true, Owner = pid, Handle = ((ulong)(index + 1) << 32) | _nextId++, NameLength = name.Length };
        name.CopyTo(new Span<byte>(_names, index * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
        return _pubs[index].Handle;
    }

    public void RemovePublication(int index) => _pubs[index] = default;

    public int FindPublication(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < MaxPublications; i++)
        {
            if (_pubs[i].InUse && ByteStrings.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _pubs[i].NameLength)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Validates ConnOpen by <paramref name="pid"/>: the name is published (NoSuchName), the caller holds fewer than
    /// <see cref="ConnectionAbi.MaxConnectionsPerProcess"/> live connections (ProcessLimit), a record is free
    /// (TooManyConnections; closing records awaiting the server's acknowledgement are taken).
    /// </summary>
    public RootError CheckOpen(ulong pid, ReadOnlySpan<byte> name, out int publication, out int connection)
    {
        connection = -1;
        publication = FindPublication(name);
        if (publication < 0)
        {
            return ConnectionAbi.ValidName(name) ? RootError.NoSuchName : RootError.BadName;
        }

        if (Held(pid) >= ConnectionAbi.MaxConnectionsPerProcess)
        {
            return RootError.ProcessLimit;
        }

        for (int i = 0; i < MaxConnections; i++)
        {
            if (!_conns[i].InUse)
            {
                connection = i;
                return RootError.Ok;
            }
        }

        return RootError.TooManyConnections;
    }

    /// <summary>
    /// Validates ConnShare on connection <paramref name="index"/>: its server holds fewer than
    /// <see cref="ConnectionAbi.MaxSharedPagesPerServer"/> shared pages (live or awaiting acknowledgement), else ServerLimit.
    /// </summary>
    public RootError CheckShare(int index)
    {
        ulong server = _pubs[_conns[index].Publication].Owner;
        int pages = 0;
        for (int i = 0; i < MaxConnections; i++)
        {
            if (_conns[i].InUse && _conns[i].HasPage && _pubs[_conns[i].Publication].Owner == server)
            {
                pages++;
            }
        }

        return pages >= ConnectionAbi.MaxSharedPagesPerServer ? RootError.ServerLimit : RootError.Ok;
    }

    /// <summary>Connection <paramref name="index"/> has a shared page (counted against its server).</summary>
    public void MarkShared(int index) => _conns[index].HasPage = true;

    /// <summary>
    /// The client closed connection <paramref name="index"/> (or ended) while the server still has its shared page: the
    /// record stays, no longer live, until the server's tail passes <paramref name="ackSequence"/>.
    /// </summary>
    /// <summary>Connections closed by their client whose shared page waits for the server's acknowledgment.</summary>
    public int ClosingCount { get; private set; }

    public void MarkClosing(int index, ulong ackSequence)
    {
        if (_conns[index].InUse && !_conns[index].Closing)
        {
            ClosingCount++;
            CountHeld(_conns[index].Client, -1);
        }

        _conns[index].Closing = true;
        _conns[index].AckSequence = ackSequence;
    }

    /// <summary>Records a connection; returns its id, which is also the badge of the client's endpoint.</summary>
    public ulong AddConnection(int index, int publication, ulong client)
    {
        _conns[index] = new ConnectionRecord { InUse = true, Id = _nextId++, Publication = publication, Client = client };
        CountHeld(client, 1);
        return _conns[index].Id;
    }

    public void RemoveConnection(int index)
    {
        if (_conns[index].InUse)
        {
            if (_conns[index].Closing)
            {
                ClosingCount--;
            }
            else
            {
                CountHeld(_conns[index].Client, -1);
            }
        }

        _conns[index] = default;
    }

    /// <summary>Live (open, not closing) connections <paramref name="pid"/> holds as a client.</summary>
    public int Held(ulong pid)
    {
        for (int i = 0; i < _holders; i++)
        {
            if (_holderPid[i] == pid)
            {
                return _holderCount[i];
            }
        }

        return 0;
    }

    private void CountHeld(ulong pid, int change)
    {
        int i = 0;
        while (i < _holders && _holderPid[i] != pid)
        {
            i++;
        }

        if (i == _holders)
        {
            if (change < 0 || _holders == MaxConnections)
            {
                return; // cannot happen: a live connection was counted when it was added
            }

            _holderPid[_holders] = pid;
            _holderCount[_holders++] = 0;
        }

        _holderCount[i] += change;
        if (_holderCount[i] <= 0)
        {
            _holders--;
            _holderPid[i] = _holderPid[_holders];
            _holderCount[i] = _holderCount[_holders];
        }
    }

    /// <summary>ConnClose: the caller's own live connection with that handle, or BadHandle.</summary>
    public RootError FindConnection(ulong handle, ulong pid, out int index)
    {
        for (index = 0; index < MaxConnections; index++)
        {
            if (ConnectionInUse(index) && _conns[index].Id == handle && _conns[index].Client == pid)
            {
                return RootError.Ok;
            }
        }

        index = -1;
        return RootError.BadHandle;
    }

    /// <summary>ConnNotify by a server: a live connection with that id to a publication the caller owns, or BadHandle.</summary>
    public RootError FindServedConnection(ulong id, ulong ownerPid, out int index)
    {
        for (index = 0; index < MaxConnections; index++)
        {
            if (ConnectionInUse(index) && _conns[index].Id == id && _pubs[_conns[index].Publication].InUse && _pubs[_conns[index].Publication].Owner == ownerPid)
            {
                return RootError.Ok;
            }
        }

        index = -1;
        return RootError.BadHandle;
    }

    /// <summary>ConnDestroy: the caller's own live publication with that handle, or BadHandle.</summary>
    public RootError FindOwnedPublication(ulong handle, ulong pid, out int index)
    {
        for (index = 0; index < MaxPublications; index++)
        {
            if (_pubs[index].InUse && _pubs[index].Handle == handle && _pubs[index].Owner == pid)
            {
                return RootError.Ok;
            }
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
}
