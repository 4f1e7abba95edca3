// A page of memory shared by a client and its server (ConnShare), reachable only through volatile spans.
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// One page both sides of a connection map. The other process may write it at any time, so it is read and written
/// only through <see cref="VolatileSpan{T}"/>: every access is a real load or store, never cached or fused.
/// A client gets one from <see cref="Connections.Share(in Connection, out SharedBuffer)"/>; a server from the
/// address in a <see cref="ConnectionEvent.Shared"/> event (<see cref="At"/>).
/// </summary>
/// <example><code>
/// VolatileSpan&lt;byte&gt; bytes = page.Bytes;
/// for (int i = 0; i &lt; n; i++) { bytes.Set(i, data[i]); }
/// </code></example>
public readonly unsafe struct SharedBuffer
{
    /// <summary>Where the page is mapped in this process (0 for none). Use <see cref="Bytes"/> or <see cref="Words"/>, not a pointer.</summary>
    [SharedMemory]
    public readonly ulong Address;

    private SharedBuffer(ulong address) { Address = address; }

    /// <summary>The page's size in bytes.</summary>
    public const int Size = ConnectionAbi.SharedBytes;

    /// <summary>True when this refers to a mapped page.</summary>
    public bool IsMapped => Address != 0;

    /// <summary>The page as bytes (empty when not mapped).</summary>
    public VolatileSpan<byte> Bytes => IsMapped ? new VolatileSpan<byte>(ProcessMemory.At(Address), Size) : default;

    /// <summary>The page as little-endian 64-bit words (empty when not mapped).</summary>
    public VolatileSpan<ulong> Words => IsMapped ? new VolatileSpan<ulong>((ulong*)ProcessMemory.At(Address), Size / 8) : default;

    /// <summary>The shared page at <paramref name="address"/> (the value of a <see cref="ConnectionEvent.Shared"/> event).</summary>
    public static SharedBuffer At(ulong address) => new SharedBuffer(address);
}
