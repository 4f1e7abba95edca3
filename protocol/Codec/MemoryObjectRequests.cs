// The memory-object requests' layouts (MemCreate, MemHandle, MemMap, MemUnmap, MemClose): encode for libsmos, decode for the root task.
using System;

// Each type's summary gives its layout; Label, Encode and Decode are the same three members on every type.
#pragma warning disable CS1591

namespace Smos.Protocol;

/// <summary>MemMap's arguments after decoding: where in the caller, and whether writable.</summary>
public readonly struct MemMapArgs
{
    public MemMapArgs(ulong vaddr, bool writable)
    {
        Vaddr = vaddr;
        Writable = writable;
    }

    /// <summary>The first page's address in the caller (page aligned; the range must be free).</summary>
    public ulong Vaddr { get; }

    /// <summary>Mapped read-write (the handle must be a read-write one) rather than read-only.</summary>
    public bool Writable { get; }
}

/// <summary>MemCreate: MR0 = pages (1..<see cref="MemoryObjectAbi.MaxPages"/>). Reply MR0 = pages; one cap: a read-write handle.</summary>
public static class MemCreateRequest
{
    public const RootRequest Label = RootRequest.MemCreate;

    public static int Encode(ulong pages, Span<ulong> mrs)
    {
        mrs[0] = pages;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out int pages)
    {
        pages = 0;
        RootError e = Shapes.Words(message, 1);
        if (e != RootError.Ok)
        {
            return e;
        }

        if (message[0] == 0 || message[0] > MemoryObjectAbi.MaxPages)
        {
            return RootError.BadArgument;
        }

        pages = (int)message[0];
        return RootError.Ok;
    }
}

/// <summary>MemHandle (a handle attached): MR0 = rights (0 read-only, 1 read-write). Reply MR0 = pages; one cap: a handle with those rights.</summary>
public static class MemHandleRequest
{
    public const RootRequest Label = RootRequest.MemHandle;

    public static int Encode(bool writable, Span<ulong> mrs)
    {
        mrs[0] = writable ? MemoryObjectAbi.ReadWrite : MemoryObjectAbi.ReadOnly;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out bool writable)
    {
        writable = false;
        RootError e = Shapes.Words(message, 1);
        if (e != RootError.Ok)
        {
            return e;
        }

        return Rights(message[0], out writable);
    }

    internal static RootError Rights(ulong word, out bool writable)
    {
        writable = word == MemoryObjectAbi.ReadWrite;
        return word <= MemoryObjectAbi.ReadWrite ? RootError.Ok : RootError.BadArgument;
    }
}

/// <summary>MemMap (a handle attached): MR0 = vaddr, MR1 = rights (0 read-only, 1 read-write). Reply MR0 = pages mapped.</summary>
public static class MemMapRequest
{
    public const RootRequest Label = RootRequest.MemMap;

    public static int Encode(ulong vaddr, bool writable, Span<ulong> mrs)
    {
        mrs[0] = vaddr;
        mrs[1] = writable ? MemoryObjectAbi.ReadWrite : MemoryObjectAbi.ReadOnly;
        return 2;
    }

    /// <summary>BadLength; BadArgument for a rights word other than 0 or 1; BadAddress for 0 or an unaligned address.</summary>
    public static RootError Decode(ReadOnlySpan<ulong> message, out MemMapArgs args)
    {
        args = default;
        RootError e = Shapes.Words(message, 2);
        if (e != RootError.Ok || (e = MemHandleRequest.Rights(message[1], out bool writable)) != RootError.Ok)
        {
            return e;
        }

        if (message[0] == 0 || message[0] % ProcessAbi.PageSize != 0)
        {
            return RootError.BadAddress;
        }

        args = new MemMapArgs(message[0], writable);
        return RootError.Ok;
    }
}

/// <summary>MemUnmap: MR0 = the address a MemMap of the caller returned (the mapping's first page).</summary>
public static class MemUnmapRequest
{
    public const RootRequest Label = RootRequest.MemUnmap;

    public static int Encode(ulong vaddr, Span<ulong> mrs)
    {
        mrs[0] = vaddr;
        return 1;
    }

    public static RootError Decode(ReadOnlySpan<ulong> message, out ulong vaddr)
    {
        RootError e = Shapes.Words(message, 1);
        vaddr = e == RootError.Ok ? message[0] : 0;
        return e;
    }
}

/// <summary>MemClose (a handle attached, the creator only): no words.</summary>
public static class MemCloseRequest
{
    public const RootRequest Label = RootRequest.MemClose;

    public static int Encode(Span<ulong> mrs) => 0;

    public static RootError Decode(ReadOnlySpan<ulong> message) => Shapes.Words(message, 0);
}
