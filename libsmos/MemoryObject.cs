// Shared memory objects: N pages one process creates, maps through volatile spans and hands to others as a capability (a handle).
using System;
using System.Runtime.CompilerServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// A handle to a memory object held in this process's CSpace (docs/protocol.md, "Memory objects"): N zeroed pages made
/// by the root task for their creator and charged to its quota. Any process that holds a handle maps the pages
/// (<see cref="Map(bool, out MemoryMapping)"/>), read-write only with a read-write handle. Send <see cref="Handle"/> to
/// another process like any capability (a typed protocol's <c>Endpoint</c> argument, or an extra capability of a call);
/// the receiver wraps what it got with <see cref="FromHandle"/>. The object lives while its creator holds it open (until
/// its <see cref="Close"/> or its end) or any process has it mapped; then the root task revokes every handle, and a
/// request with a stale one is <see cref="RootError.NoMemoryObject"/>.
/// </summary>
/// <example><code>
/// if (MemoryObject.Create(4, out MemoryObject obj) != RootError.Ok) return 1;
/// if (obj.Map(writable: true, out MemoryMapping m) != RootError.Ok) return 1;
/// m.Bytes.Set(0, 42);                                            // a volatile store
/// if (obj.NewHandle(readOnly: true, out MemoryObject ro) != RootError.Ok) return 1;
/// // send ro.Handle to another process; it maps with MemoryObject.FromHandle(cap).Map(false, out ...)
/// </code></example>
[SkipLocalsInit]
public readonly struct MemoryObject
{
    private MemoryObject(ulong handle, int pages)
    {
        Handle = handle;
        Pages = pages;
    }

    /// <summary>The handle's slot (cptr) in this process; 0 for none.</summary>
    public ulong Handle { get; }

    /// <summary>The object's size in pages: known after <see cref="Create"/> and <see cref="NewHandle"/>; 0 from <see cref="FromHandle"/> (a mapping has it).</summary>
    public int Pages { get; }

    /// <summary>True when this refers to a handle.</summary>
    public bool IsValid => Handle != 0;

    /// <summary>The object's size in bytes (<see cref="Pages"/> pages).</summary>
    public int Length => Pages * (int)ProcessAbi.PageSize;

    /// <summary>
    /// Makes a memory object of <paramref name="pages"/> zeroed pages (1..<see cref="MemoryObjectAbi.MaxPages"/>),
    /// charged to this process's memory and slot quotas; <paramref name="obj"/> holds a read-write handle.
    /// BadArgument for a size out of range, QuotaMemory / QuotaSlots when the quota cannot hold it.
    /// </summary>
    public static RootError Create(int pages, out MemoryObject obj)
    {
        obj = default;
        if (pages < 1 || pages > MemoryObjectAbi.MaxPages)
        {
            return RootError.BadArgument;
        }

        RootError e = CallForCap(RootRequest.MemCreate, 0, (ulong)pages, MemoryRights.ReadWrite, out ulong value, out ulong cap);
        obj = e == RootError.Ok ? new MemoryObject(cap, (int)value) : default;
        return e;
    }

    /// <summary>A handle this process received (a capability in <paramref name="cap"/>, for example from a typed call).</summary>
    public static MemoryObject FromHandle(ulong cap) => new MemoryObject(cap, 0);

    /// <summary>
    /// A new handle to the same object in a new slot of this process, read-only or read-write, to send to another process.
    /// A read-only handle cannot make a read-write one (<see cref="RootError.ReadOnlyHandle"/>).
    /// </summary>
    public RootError NewHandle(bool readOnly, out MemoryObject handle)
    {
        RootError e = CallForCap(RootRequest.MemHandle, Handle, 0, readOnly ? MemoryRights.ReadOnly : MemoryRights.ReadWrite, out ulong value, out ulong cap);
        handle = e == RootError.Ok ? new MemoryObject(cap, (int)value) : default;
        return e;
    }

    /// <summary>
    /// Maps the object at the next free address of this process's sharing area (after the shared pages'
    /// <see cref="Connections.SharedBase"/>), read-write or read-only. ReadOnlyHandle: writable with a read-only handle;
    /// NoMemoryObject: the object is gone; QuotaSlots / QuotaMemory: this process's quota cannot hold the mapping.
    /// </summary>
    public RootError Map(bool writable, out MemoryMapping mapping)
    {
        RootError e = Map(AppState.NextShared, writable, out mapping);
        if (e == RootError.Ok)
        {
            AppState.NextShared += (ulong)mapping.Length;
        }

        return e;
    }

    /// <summary>Maps the object at <paramref name="address"/> (page aligned; the whole range free: else BadAddress).</summary>
    public RootError Map(ulong address, bool writable, out MemoryMapping mapping)
    {
        RootError e = RootCall.Memory(RootRequest.MemMap, Handle, address, writable ? MemoryRights.ReadWrite : MemoryRights.ReadOnly, 0, out ulong pages, out _);
        mapping = e == RootError.Ok ? new MemoryMapping(address, (int)pages, writable) : default;
        return e;
    }

    /// <summary>
    /// The creator's close: it no longer holds the object open (mappings keep it alive; the last one's unmap destroys it),
    /// and this handle is deleted from this process. NotPermitted for a process that did not create it, or a second close.
    /// </summary>
    public RootError Close()
    {
        RootError e = RootCall.Memory(RootRequest.MemClose, Handle, 0, MemoryRights.ReadOnly, 0, out _, out _);
        if (e == RootError.Ok)
        {
            Release();
        }

        return e;
    }

    /// <summary>Deletes this handle from this process's CSpace (the object is not affected) and frees its slot.</summary>
    public void Release()
    {
        if (Handle != 0)
        {
            CapSpace.Delete(Handle);
        }
    }

    /// <summary>Unmaps the mapping at <paramref name="address"/> (what a <see cref="Map(ulong, bool, out MemoryMapping)"/> returned).</summary>
    internal static RootError Unmap(ulong address)
    {
        return RootCall.Memory(RootRequest.MemUnmap, 0, address, MemoryRights.ReadOnly, 0, out _, out _);
    }

    // A request whose reply carries a handle: into a new slot of this process (freed again unless one came).
    private static RootError CallForCap(RootRequest request, ulong handle, ulong word, MemoryRights rights, out ulong reply0, out ulong cap)
    {
        cap = 0;
        RootError full = CapSpace.Alloc(out ulong slot);
        if (full != RootError.Ok)
        {
            reply0 = 0;
            return full; // no free slot, and the CSpace could not grow (the error names why)
        }

        RootError e = RootCall.Memory(request, handle, word, rights, slot, out reply0, out bool gotCap);
        if (e == RootError.Ok && gotCap)
        {
            cap = slot;
            return e;
        }

        CapSpace.Delete(slot);
        return e == RootError.Ok ? RootError.NoMemoryObject : e;
    }
}

/// <summary>
/// One mapping of a memory object in this process. Other processes may read or write the same pages at any time, so
/// they are reached only through volatile spans (<see cref="Bytes"/>, <see cref="Words"/>): every access is a real
/// load or store. A read-only mapping's pages fault on a store.
/// </summary>
public readonly unsafe struct MemoryMapping
{
    /// <summary>Where the first page is mapped in this process (0 for none). Use <see cref="Bytes"/> or <see cref="Words"/>, not a pointer.</summary>
    [SharedMemory]
    public readonly ulong Address;

    internal MemoryMapping(ulong address, int pages, bool writable)
    {
        Address = address;
        Pages = pages;
        Writable = writable;
    }

    /// <summary>Pages mapped.</summary>
    public int Pages { get; }

    /// <summary>True for a read-write mapping.</summary>
    public bool Writable { get; }

    /// <summary>True when this refers to a mapping.</summary>
    public bool IsMapped => Address != 0;

    /// <summary>Bytes mapped.</summary>
    public int Length => Pages * (int)ProcessAbi.PageSize;

    /// <summary>The pages as bytes (empty when not mapped).</summary>
    public VolatileSpan<byte> Bytes => IsMapped ? new VolatileSpan<byte>(ProcessMemory.At(Address), Length) : default;

    /// <summary>The pages as little-endian 64-bit words (empty when not mapped).</summary>
    public VolatileSpan<ulong> Words => IsMapped ? new VolatileSpan<ulong>((ulong*)ProcessMemory.At(Address), Length / 8) : default;

    /// <summary>Unmaps it (MemUnmap): its pages are gone from this process; the last mapping of a closed object destroys it.</summary>
    public RootError Unmap() => IsMapped ? MemoryObject.Unmap(Address) : RootError.BadAddress;
}
