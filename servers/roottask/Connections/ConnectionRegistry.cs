// The connection server's tables and validation rules (names, owners, handles, limits). Pure: host-tested.
using System;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;

namespace Smos.RootTask.Connections;

/// <summary>
/// Who published what and who is connected to whom. The validate step of the connection requests lives here;
/// <see cref="ConnectionServer"/> adds the kernel objects (same indexes).
/// </summary>
public sealed class ConnectionRegistry
{
    public const int MaxPublications = 16;
    public const int MaxConnections = 64;

    /// <summary>One publication: who owns it, the handle it was given and its name (in <see cref="_names"/>).</summary>
    private struct PublicationRecord
    {
        public bool InUse;
        public ulong Owner;
        public ulong Handle;
        public int NameLength;
    }

    /// <summary>One connection: its id (the client's badge), the publication it opened and the client's pid.</summary>
    private struct ConnectionRecord
    {
        public bool InUse;
        public ulong Id;
        public int Publication;
        public ulong Client;
    }

    private readonly PublicationRecord[] _pubs = new PublicationRecord[MaxPublications];
    private readonly byte[] _names = new byte[MaxPublications * ConnectionAbi.MaxNameBytes];
    private readonly ConnectionRecord[] _conns = new ConnectionRecord[MaxConnections];
    private ulong _nextId = 1;

    public bool PublicationInUse(int i) => _pubs[i].InUse;

    public ulong PublicationOwner(int i) => _pubs[i].Owner;

    public ulong PublicationHandle(int i) => _pubs[i].Handle;

    public bool ConnectionInUse(int i) => _conns[i].InUse;

    public ulong ConnectionId(int i) => _conns[i].Id;

    public int ConnectionPublication(int i) => _conns[i].Publication;

    public ulong ConnectionClient(int i) => _conns[i].Client;

    /// <summary>Validates ConnPublish: the name is free, the caller holds fewer than 4, a record is free.</summary>
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

        return index < 0 || owned >= ConnectionAbi.MaxPublicationsPerProcess ? RootError.TooManyConnections : RootError.Ok;
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

    /// <summary>Validates ConnOpen: the name is published and a connection record is free.</summary>
    public RootError CheckOpen(ReadOnlySpan<byte> name, out int publication, out int connection)
    {
        connection = -1;
        publication = FindPublication(name);
        if (publication < 0)
        {
            return ConnectionAbi.ValidName(name) ? RootError.NoSuchName : RootError.BadName;
        }

        for (int i = 0; i < MaxConnections && connection < 0; i++)
        {
            connection = _conns[i].InUse ? -1 : i;
        }

        return connection < 0 ? RootError.TooManyConnections : RootError.Ok;
    }

    /// <summary>Records a connection; returns its id, which is also the badge of the client's endpoint.</summary>
    public ulong AddConnection(int index, int publication, ulong client)
    {
        _conns[index] = new ConnectionRecord { InUse = true, Id = _nextId++, Publication = publication, Client = client };
        return _conns[index].Id;
    }

    public void RemoveConnection(int index) => _conns[index] = default;

    /// <summary>ConnClose: the caller's own live connection with that handle, or BadHandle.</summary>
    public RootError FindConnection(ulong handle, ulong pid, out int index)
    {
        for (index = 0; index < MaxConnections; index++)
        {
            if (_conns[index].InUse && _conns[index].Id == handle && _conns[index].Client == pid)
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
            if (_conns[index].InUse && _conns[index].Id == id && _pubs[_conns[index].Publication].InUse && _pubs[_conns[index].Publication].Owner == ownerPid)
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
