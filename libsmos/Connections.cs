// Named connections for apps: publish a name and serve it, or open a name and call it (docs/protocol.md).
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>A published name: its listening endpoint and its notification buffer (the event ring).</summary>
public readonly unsafe struct Publication
{
    /// <summary>Handle the root task knows this publication by (for <see cref="Connections.Unpublish"/>).</summary>
    public readonly ulong Handle;

    /// <summary>The unbadged listening endpoint (a cptr in this process's CSpace).</summary>
    public readonly Endpoint Endpoint;

    /// <summary>Where the notification buffer is mapped.</summary>
    public readonly ulong BufferAddress;

    internal Publication(ulong handle, ulong endpoint, ulong buffer)
    {
        Handle = handle;
        Endpoint = new Endpoint(endpoint);
        BufferAddress = buffer;
    }

    /// <summary>
    /// Takes the next connection event from the notification buffer, if any. The buffer is written by the root task,
    /// so it is read through a volatile span. Taking a <see cref="ConnectionEvent.Closed"/> record acknowledges the
    /// close: the root task may then unmap that connection's shared page from this process.
    /// </summary>
    /// <example><code>while (pub.NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid)) { ... }</code></example>
    public bool NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid) => NextEvent(out kind, out badge, out pid, out _);

    /// <summary>
    /// Like <see cref="NextEvent(out ConnectionEvent, out ulong, out ulong)"/>, with the record's value: for
    /// <see cref="ConnectionEvent.Closed"/> 0 (closed) or 1 (the client ended), for <see cref="ConnectionEvent.Shared"/>
    /// the address of the shared page in this process (<see cref="SharedBuffer.At"/>).
    /// </summary>
    public bool NextEvent(out ConnectionEvent kind, out ulong badge, out ulong pid, out ulong value)
    {
        var ring = new VolatileSpan<ulong>((ulong*)ProcessMemory.At(BufferAddress), ConnectionAbi.BufferBytes / 8);
        ulong tail = ring[ConnectionAbi.TailWord];
        if (ring[ConnectionAbi.HeadWord] == tail)
        {
            kind = ConnectionEvent.None;
            badge = 0;
            pid = 0;
            value = 0;
            return false;
        }

        int w = ConnectionAbi.RecordWord(tail);
        kind = (ConnectionEvent)ring[w];
        badge = ring[w + 1];
        pid = ring[w + 2];
        value = ring[w + 3];
        ring.Set(ConnectionAbi.TailWord, tail + 1);
        return true;
    }
}

/// <summary>A client's connection: an endpoint badged by the root task so the server can tell clients apart.</summary>
public readonly struct Connection
{
    /// <summary>The root task's handle for this connection (for <see cref="Connections.Close"/>).</summary>
    public readonly ulong Handle;

    /// <summary>The badged endpoint to call the server through.</summary>
    public readonly Endpoint Endpoint;

    internal Connection(ulong handle, ulong endpoint)
    {
        Handle = handle;
        Endpoint = new Endpoint(endpoint);
    }
}

/// <summary>ConnPublish, ConnOpen, ConnClose and ConnDestroy.</summary>
[SkipLocalsInit] // the message spans are written by the encoders before they are read
public static class Connections
{
    /// <summary>Where <see cref="Publish(ReadOnlySpan{byte}, out Publication)"/> maps notification buffers by default.</summary>
    public const ulong BufferBase = 0x2000_0000;

    /// <summary>
    /// Publishes <paramref name="name"/>: the root task creates the listening endpoint, maps a notification buffer and
    /// replies with a handle and the endpoint capability (received into a free slot of this process's CSpace).
    /// </summary>
    /// <example><code>if (Connections.Publish("echo"u8, out Publication pub) != RootError.Ok) return 1;</code></example>
    public static RootError Publish(ReadOnlySpan<byte> name, out Publication publication)
    {
        RootError e = Publish(name, AppState.NextBuffer, out publication);
        if (e == RootError.Ok)
        {
            AppState.NextBuffer += ProcessAbi.PageSize;
        }

        return e;
    }

    /// <summary>Publishes <paramref name="name"/> with the notification buffer at <paramref name="bufferAddress"/>.</summary>
    public static RootError Publish(ReadOnlySpan<byte> name, ulong bufferAddress, out Publication publication)
    {
        publication = default;
        if (name.Length == 0 || name.Length > ConnectionAbi.MaxNameBytes)
        {
            return RootError.BadName;
        }

        RootError full = CapSpace.Alloc(out ulong slot);
        if (full != RootError.Ok)
        {
            return full; // no free slot, and the CSpace could not grow (the error names why)
        }

        RootError error = CallForCap(RootRequest.ConnPublish, bufferAddress, name, slot, out ulong handle);
        if (error != RootError.Ok)
        {
            return error;
        }

        publication = new Publication(handle, slot, bufferAddress);
        return RootError.Ok;
    }

    /// <summary>Publishes <paramref name="name"/> (UTF-8 on the wire; BadName when empty or over 32 bytes).</summary>
    /// <example><code>if (Connections.Publish("echo", out Publication pub) != RootError.Ok) return 1;</code></example>
    public static RootError Publish(string name, out Publication publication)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(name, utf8);
        publication = default;
        return n < 0 ? RootError.BadName : Publish(utf8.Slice(0, n), out publication);
    }

    /// <summary>Opens a connection to the server that published <paramref name="name"/> (UTF-8 on the wire).</summary>
    /// <example><code>if (Connections.Open("echo", out Connection c) == RootError.Ok) { /* c.Endpoint.Call(...) */ }</code></example>
    public static RootError Open(string name, out Connection connection)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(name, utf8);
        connection = default;
        return n < 0 ? RootError.BadName : Open(utf8.Slice(0, n), out connection);
    }

    /// <summary><see cref="OpenWhenPublished(ReadOnlySpan{byte}, out Connection, int)"/> with a string name.</summary>
    /// <example><code>if (Connections.OpenWhenPublished("pong", out Connection c) != RootError.Ok) return 1;</code></example>
    public static RootError OpenWhenPublished(string name, out Connection connection, int attempts = 1000)
    {
        Span<byte> utf8 = stackalloc byte[ConnectionAbi.MaxNameBytes];
        int n = Utf8Names.Encode(name, utf8);
        connection = default;
        return n < 0 ? RootError.BadName : OpenWhenPublished(utf8.Slice(0, n), out connection, attempts);
    }

    /// <summary>Opens a connection to the server that published <paramref name="name"/>.</summary>
    /// <example><code>if (Connections.Open("echo"u8, out Connection c) == RootError.Ok) { /* c.Endpoint.Call(...) */ }</code></example>
    public static RootError Open(ReadOnlySpan<byte> name, out Connection connection)
    {
        connection = default;
        if (name.Length == 0 || name.Length > ConnectionAbi.MaxNameBytes)
        {
            return RootError.BadName;
        }

        RootError full = CapSpace.Alloc(out ulong slot);
        if (full != RootError.Ok)
        {
            return full; // no free slot, and the CSpace could not grow (the error names why)
        }

        RootError error = CallForCap(RootRequest.ConnOpen, 0, name, slot, out ulong handle);
        if (error != RootError.Ok)
        {
            return error;
        }

        connection = new Connection(handle, slot);
        return RootError.Ok;
    }

    /// <summary>
    /// Opens <paramref name="name"/>, yielding and trying again while it is not published yet (up to
    /// <paramref name="attempts"/> times): for clients started together with their server.
    /// </summary>
    /// <example><code>if (Connections.OpenWhenPublished("pong"u8, out Connection c) != RootError.Ok) return 1;</code></example>
    public static RootError OpenWhenPublished(ReadOnlySpan<byte> name, out Connection connection, int attempts = 1000)
    {
        RootError e = Open(name, out connection);
        for (int i = 1; i < attempts && e == RootError.NoSuchName; i++)
        {
            Scheduler.Yield();
            e = Open(name, out connection);
        }

        return e;
    }

    /// <summary>Where <see cref="Share(in Connection, out SharedBuffer)"/> maps shared pages in a client by default.</summary>
    public const ulong SharedBase = 0x4800_0000;

    /// <summary>
    /// Shares one zeroed page with the server of <paramref name="connection"/> for bulk data (ConnShare): mapped here at
    /// the next address from <see cref="SharedBase"/>, and in the server, which learns its address from a
    /// <see cref="ConnectionEvent.Shared"/> event before it receives this client's next request. One per connection;
    /// it is unmapped from both when the connection closes.
    /// </summary>
    /// <example><code>
    /// if (Connections.Share(c, out SharedBuffer page) != RootError.Ok) return 1;
    /// page.Bytes.Set(0, 42); // volatile store: the server reads it through its own mapping
    /// </code></example>
    public static RootError Share(in Connection connection, out SharedBuffer buffer)
    {
        RootError e = Share(connection, AppState.NextShared, out buffer);
        if (e == RootError.Ok)
        {
            AppState.NextShared += ProcessAbi.PageSize;
        }

        return e;
    }

    /// <summary>Shares one page with the server, mapped here at <paramref name="address"/> (page aligned and free).</summary>
    public static RootError Share(in Connection connection, ulong address, out SharedBuffer buffer)
    {
        RootError e = RootCall.ConnShare(connection.Handle, address, out _);
        buffer = e == RootError.Ok ? SharedBuffer.At(address) : default;
        return e;
    }

    /// <summary>A doorbell to the server of <paramref name="connection"/> (ConnNotify as its client).</summary>
    public static RootError Doorbell(in Connection connection, out Doorbell bell) => DoorbellFor(connection.Handle, out bell);

    /// <summary>
    /// A doorbell to the client whose connection badge is <paramref name="clientBadge"/> (ConnNotify as the server: the
    /// badge its requests and connection events carry).
    /// </summary>
    public static RootError Doorbell(ulong clientBadge, out Doorbell bell) => DoorbellFor(clientBadge, out bell);

    private static RootError DoorbellFor(ulong id, out Doorbell bell)
    {
        bell = default;
        RootError full = CapSpace.Alloc(out ulong slot);
        if (full != RootError.Ok)
        {
            return full; // no free slot, and the CSpace could not grow (the error names why)
        }

        RootError error = CallForCap(RootRequest.ConnNotify, id, default, slot, out _);
        if (error != RootError.Ok)
        {
            return error;
        }

        bell = new Doorbell(slot);
        return RootError.Ok;
    }

    /// <summary>Closes a connection; the server is told through its notification buffer.</summary>
    public static RootError Close(in Connection connection)
    {
        RootError e = RootCall.ConnClose(connection.Handle);
        if (e == RootError.Ok)
        {
            CapSpace.Free(connection.Endpoint.Cptr);
        }

        return e;
    }

    /// <summary>Withdraws a publication: the endpoint and every client's copy of it are destroyed.</summary>
    public static RootError Unpublish(in Publication publication)
    {
        RootError e = RootCall.ConnDestroy(publication.Handle);
        if (e == RootError.Ok)
        {
            CapSpace.Free(publication.Endpoint.Cptr);
        }

        return e;
    }

    // Calls the root task with the receive slot set to slot and takes the reply's value and capability; on any error the
    // slot is freed again. A reply without the capability is BadHandle.
    private static RootError CallForCap(RootRequest request, ulong word, ReadOnlySpan<byte> name, ulong slot, out ulong handle)
    {
        RootError error = RootCall.ForCap(request, word, name, slot, out handle, out bool gotCap);
        if (error != RootError.Ok || !gotCap)
        {
            CapSpace.Free(slot);
            return error != RootError.Ok ? error : RootError.BadHandle;
        }

        return RootError.Ok;
    }
}
