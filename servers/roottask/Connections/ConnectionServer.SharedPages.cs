// The connection server's shared pages (ConnShare): one page per connection, mapped in client and server, kept for the server until it acknowledges the close.
using System;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Connections;

/// <summary>ConnShare and the life of a shared page (docs/protocol.md, "Shared pages"), and whose quota holds it.</summary>
internal sealed unsafe partial class ConnectionServer
{
    /// <summary>
    /// ConnShare from a client: MR0 = connection handle, MR1 = page-aligned free address in the client. Maps one new
    /// zeroed page there and at <see cref="ConnectionAbi.SharedWindowBase"/> + connection slot in the server, and posts
    /// a Shared event with the server's address. Reply MR0 = that address.
    /// </summary>
    public RootError Share(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value)
    {
        ReleaseAcknowledged();
        RootError e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConnShare(mrs, out ConnShareArgs share));
        if (e != RootError.Ok || (e = _registry.FindConnection(share.Handle, caller.Pid, out int c)) != RootError.Ok)
        {
            return e;
        }

        ulong vaddr = share.Vaddr;

        if (_conns[c].Shared.Frame.Count != 0)
        {
            return RootError.NotPermitted; // one shared page per connection
        }

        if (!ConnectionRegistry.ValidBufferAddress(vaddr, ProcessAbi.HeapRegionBase, ProcessAbi.HeapRegionEnd, caller.Space))
        {
            return RootError.BadAddress;
        }

        if ((e = _registry.CheckShare(c)) != RootError.Ok)
        {
            return e;
        }

        int pub = _registry.ConnectionPublication(c);
        Process? server = _table.Find(_registry.PublicationOwner(pub));
        ulong serverVaddr = server is null ? 0 : FreeWindowPage(server);
        if (server is null || serverVaddr == 0)
        {
            return RootError.NoMemory; // cannot happen while the registry and the process table agree
        }

        // Room in both processes' records for the page and the tables it needs (the frame is the connection's).
        if (_res.Mapper.MakeRoom(caller, vaddr, 1, allocations: 0) != Sel4Error.NoError ||
            _res.Mapper.MakeRoom(server, serverVaddr, 1, allocations: 0) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        // The frame and its 2 root slots (the original, the server's copy) are the client's while it holds the connection.
        if (!caller.Account.TryCharge(QuotaKind.Memory, ProcessAbi.PageSize))
        {
            return RootError.QuotaMemory;
        }

        if (!caller.Account.TryCharge(QuotaKind.Slots, 2))
        {
            caller.Account.Release(QuotaKind.Memory, ProcessAbi.PageSize);
            return RootError.QuotaSlots;
        }

        ref SharedPage page = ref _conns[c].Shared;
        if (_res.Untyped.Allocate(ObjectType.SmallPage, 0, out page.Frame) != Sel4Error.NoError)
        {
            page = default;
            caller.Account.Release(QuotaKind.Memory, ProcessAbi.PageSize);
            caller.Account.Release(QuotaKind.Slots, 2);
            return RootError.NoMemory;
        }

        page.ChargedTo = caller.Pid;

        page.ClientPid = caller.Pid;
        page.ClientVaddr = vaddr;
        page.ServerPid = server.Pid;
        page.ServerVaddr = serverVaddr;
        bool ok = _res.Mapper.MapPage(caller, page.Frame, 0, vaddr, CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError &&
            _res.Slots.CopyNew(page.Frame.FirstSlot, CapRights.ReadWrite, out page.ServerCopySlot) == Sel4Error.NoError;
        if (ok)
        {
            var copy = new Allocation { Type = ObjectType.SmallPage, FirstSlot = page.ServerCopySlot, Count = 1 };
            ok = _res.Mapper.MapPage(server, copy, 0, serverVaddr, CapRights.ReadWrite, VmAttributes.Data) == Sel4Error.NoError;
        }

        if (!ok)
        {
            FreeShared(c);
            return RootError.NoMemory;
        }

        _registry.MarkShared(c);
        Post(pub, ConnectionEvent.Shared, _registry.ConnectionId(c), caller.Pid, serverVaddr);
        value = serverVaddr;
        return RootError.Ok;
    }

    /// <summary>
    /// Returns the shared page of every closed connection whose server has consumed its Closed record (the ring's tail,
    /// written by the server, has passed the record's sequence number). Runs at the start of every connection request.
    /// </summary>
    public void ReleaseAcknowledged()
    {
        // Only the closing connections (usually none), backwards: dropping one takes it off the list.
        for (int k = _registry.ClosingCount - 1; k >= 0; k--)
        {
            int i = _registry.ClosingAt(k);
            var ring = new VolatileSpan<ulong>((ulong*)_kernel.RootMemory(RootBufferWindow + ((ulong)_registry.ConnectionPublication(i) * 4096)), ConnectionAbi.BufferBytes / 8);
            ulong sequence = _registry.ConnectionAckSequence(i);
            if (sequence != ConnectionRegistry.NeverAcknowledged && ring[ConnectionAbi.TailWord] > sequence)
            {
                DropConnection(i);
            }
        }
    }

    // Unmaps a connection's shared page from both processes and returns it (deleting the copy unmaps it from the
    // server; freeing the frame's allocation deletes the original, which unmaps it from the client).
    private void FreeShared(int index)
    {
        ref SharedPage page = ref _conns[index].Shared;
        if (page.Frame.Count == 0)
        {
            return;
        }

        MoveCharge(ref page, 0); // back to whoever held it
        _res.Slots.Release(ref page.ServerCopySlot);
        _res.Untyped.Free(page.Frame);
        Forget(page.ServerPid, page.ServerVaddr);
        Forget(page.ClientPid, page.ClientVaddr);
        page = default;
    }

    // Moves a shared page's charge (its frame and 2 slots) to process `pid`'s quota (already spent: not refused).
    private void MoveCharge(ref SharedPage page, ulong pid)
    {
        QuotaAccount? from = page.ChargedTo == 0 ? null : _table.Find(page.ChargedTo)?.Account;
        QuotaAccount? to = _table.Find(pid)?.Account;
        from?.Release(QuotaKind.Memory, ProcessAbi.PageSize);
        from?.Release(QuotaKind.Slots, 2);
        to?.Charge(QuotaKind.Memory, ProcessAbi.PageSize);
        to?.Charge(QuotaKind.Slots, 2);
        page.ChargedTo = to is null ? 0 : pid;
    }

    // The lowest page of the shared window not mapped in the server (it holds at most MaxSharedPagesPerServer, fewer
    // than the window's pages, and nothing else may be mapped there); 0 if none.
    private static ulong FreeWindowPage(Process server)
    {
        const ulong End = ConnectionAbi.SharedWindowBase + (ConnectionAbi.SharedWindowPages * ProcessAbi.PageSize);
        for (ulong vaddr = ConnectionAbi.SharedWindowBase; vaddr < End; vaddr += ProcessAbi.PageSize)
        {
            if (!server.Space.IsMapped(vaddr))
            {
                return vaddr;
            }
        }

        return 0;
    }
}
