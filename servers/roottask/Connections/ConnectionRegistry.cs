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

    private readonly bool[] _pubInUse = new bool[MaxPublications];
    private readonly ulong[] _pubOwner = new ulong[MaxPublications];
    private readonly ulong[] _pubHandle = new ulong[MaxPublications];
    private readonly int[] _pubNameLength = new int[MaxPublications];
    private readonly byte[] _names = new byte[MaxPublications * ConnectionAbi.MaxNameBytes];
    private readonly bool[] _connInUse = new bool[MaxConnections];
    private readonly ulong[] _connId = new ulong[MaxConnections];
    private readonly int[] _connPub = new int[MaxConnections];
    private readonly ulong[] _connClient = new ulong[MaxConnections];
    private ulong _nextId = 1;

    public bool PublicationInUse(int i) => _pubInUse[i];

    public ulong PublicationOwner(int i) => _pubOwner[i];

    public ulong PublicationHandle(int i) => _pubHandle[i];

    public bool ConnectionInUse(int i) => _connInUse[i];

    public ulong ConnectionId(int i) => _connId[i];

    public int ConnectionPublication(int i) => _connPub[i];

    public ulong ConnectionClient(int i) => _connClient[i];

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
            if (!_pubInUse[i])
            {
                index = index < 0 ? i : index;
            }
            else if (_pubOwner[i] == pid)
            {
                owned++;
            }
        }

        return index < 0 || owned >= ConnectionAbi.MaxPublicationsPerProcess ? RootError.TooManyConnections : RootError.Ok;
    }

    /// <summary>Records a publication at <paramref name="index"/> (from <see cref="CheckPublish"/>); returns its handle.</summary>
    public ulong AddPublication(int index, ulong pid, ReadOnlySpan<byte> name)
    {
        _pubInUse[index] = true;
        _pubOwner[index] = pid;
        _pubHandle[index] = ((ulong)(index + 1) << 32) | _nextId++;
        _pubNameLength[index] = name.Length;
        name.CopyTo(new Span<byte>(_names, index * ConnectionAbi.MaxNameBytes, ConnectionAbi.MaxNameBytes));
        return _pubHandle[index];
    }

    public void RemovePublication(int index)
    {
        _pubInUse[index] = false;
        _pubOwner[index] = 0;
        _pubHandle[index] = 0;
        _pubNameLength[index] = 0;
    }

    public int FindPublication(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < MaxPublications; i++)
        {
            if (_pubInUse[i] && ByteStrings.Equal(name, new ReadOnlySpan<byte>(_names, i * ConnectionAbi.MaxNameBytes, _pubNameLength[i])))
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
            connection = _connInUse[i] ? -1 : i;
        }

        return connection < 0 ? RootError.TooManyConnections : RootError.Ok;
    }

    /// <summary>Records a connection; returns its id, which is also the badge of the client's endpoint.</summary>
    public ulong AddConnection(int index, int publication, ulong client)
    {
        _connInUse[index] = true;
        _connId[index] = _nextId++;
        _connPub[index] = publication;
        _connClient[index] = client;
        return _connId[index];
    }

    public void RemoveConnection(int index)
    {
        _connInUse[index] = false;
        _connId[index] = 0;
        _connPub[index] = 0;
        _connClient[index] = 0;
    }

    /// <summary>ConnClose: the caller's own live connection with that handle, or BadHandle.</summary>
    public RootError FindConnection(ulong handle, ulong pid, out int index)
    {
        for (index = 0; index < MaxConnections; index++)
        {
            if (_connInUse[index] && _connId[index] == handle && _connClient[index] == pid)
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
            if (_connInUse[index] && _connId[index] == id && _pubInUse[_connPub[index]] && _pubOwner[_connPub[index]] == ownerPid)
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
            if (_pubInUse[index] && _pubHandle[index] == handle && _pubOwner[index] == pid)
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
