// The memobj demo's protocol: the creator hands memory-object handles (capabilities) to its peer, which maps them.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Apps;

/// <summary>
/// What the creator asks of its peer. A memory-object handle is an endpoint capability (a badged copy of the root task's
/// endpoint), so it travels as an <see cref="Endpoint"/> argument; the peer owns the slot it lands in. Every method
/// answers 0 when the peer's checks held, else the number of the check that failed.
/// </summary>
[SmosProtocol("memobj-peer", Version = 1)]
public partial interface IMemoryPeer
{
    /// <summary>
    /// Maps the object read-only with <paramref name="handle"/> (a read-only handle: a read-write mapping must be refused
    /// with ReadOnlyHandle, and so must asking it for a read-write handle), checks the creator's pattern in every page and
    /// keeps the mapping and the handle.
    /// </summary>
    ulong Inspect(Endpoint handle);

    /// <summary>Maps the object read-write with <paramref name="handle"/>, writes word i = <paramref name="seed"/> + i everywhere, unmaps, lets the handle go.</summary>
    ulong Fill(Endpoint handle, ulong seed);

    /// <summary>Unmaps the read-only mapping of <see cref="Inspect"/> (the handle stays).</summary>
    ulong Drop();

    /// <summary>Maps with the handle kept from <see cref="Inspect"/> again: the RootError it gets (the object is gone: NoMemoryObject).</summary>
    ulong MapStale();
}
