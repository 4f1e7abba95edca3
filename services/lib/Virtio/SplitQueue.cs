// A virtio split virtqueue in memory shared with the device: descriptor table, driver (avail) ring, device (used) ring.
using System;
using System.Threading;

namespace Smos.Services.Virtio;

/// <summary>One buffer of a descriptor chain: its physical address, its length, and whether the device writes it.</summary>
public readonly struct QueueBuffer
{
    /// <summary>A buffer of <paramref name="length"/> bytes at <paramref name="physical"/>, written by the device when <paramref name="deviceWrites"/>.</summary>
    public QueueBuffer(ulong physical, uint length, bool deviceWrites)
    {
        Physical = physical;
        Length = length;
        DeviceWrites = deviceWrites;
    }

    /// <summary>The buffer's physical address.</summary>
    public ulong Physical { get; }

    /// <summary>Its length in bytes.</summary>
    public uint Length { get; }

    /// <summary>True when the device writes it (a read's data, a status byte).</summary>
    public bool DeviceWrites { get; }
}

/// <summary>
/// The split virtqueue of the virtio 1.x specification laid out in one block of DMA memory: the descriptor table (16 bytes
/// per entry, 16-byte aligned), the driver ring (flags, idx, one 16-bit head per entry, used_event) at a 2-byte boundary
/// and the device ring (flags, idx, one 8-byte id/len element per entry, avail_event) at a 4-byte boundary. The device
/// reads and writes this memory at any time, so every access to it is volatile; the driver ring's index is written after
/// the entry it publishes (a release store), and the device ring's index is read before the element it covers (an acquire
/// load). Free descriptors are kept in a list through their next fields' shadow in ordinary memory, never read back from
/// the shared table (the device could have changed it).
/// </summary>
public sealed unsafe class SplitQueue
{
    private const ushort NextFlag = 1;
    private const ushort WriteFlag = 2;

    private readonly byte* _memory;
    private readonly ulong _physical;
    private readonly int _size;
    private readonly int _availOffset;
    private readonly int _usedOffset;
    private readonly ushort[] _nextFree;
    private readonly ushort[] _chainLength;
    private int _freeHead;
    private ushort _availIndex;
    private ushort _usedSeen;

    /// <summary>
    /// A queue of <paramref name="size"/> entries (a power of two, 1..32768) over <see cref="Bytes"/>(size) bytes at
    /// <paramref name="memory"/>, whose physical address is <paramref name="physical"/> (16-byte aligned). The memory must
    /// be zeroed; the queue owns it from now on.
    /// </summary>
    public SplitQueue(byte* memory, ulong physical, int size)
    {
        if (size < 1 || size > 32768 || (size & (size - 1)) != 0 || (physical & 15) != 0 || memory == null)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "a virtqueue has a power-of-two size up to 32768 at a 16-byte aligned address");
        }

        _memory = memory;
        _physical = physical;
        _size = size;
        _availOffset = 16 * size;
        _usedOffset = Align(_availOffset + 6 + (2 * size), 4);
        _nextFree = new ushort[size];
        _chainLength = new ushort[size];
        for (int i = 0; i < size; i++)
        {
            _nextFree[i] = (ushort)(i + 1);
        }

        _freeHead = 0;
        FreeCount = size;
    }

    /// <summary>Bytes a queue of <paramref name="size"/> entries takes.</summary>
    public static int Bytes(int size) => Align(Align((16 * size) + 6 + (2 * size), 4) + 6 + (8 * size), 16);

    /// <summary>Entries in the queue.</summary>
    public int Size => _size;

    /// <summary>Descriptors not in a chain the device holds.</summary>
    public int FreeCount { get; private set; }

    /// <summary>Physical address of the descriptor table (QueueDesc).</summary>
    public ulong DescriptorTable => _physical;

    /// <summary>Physical address of the driver ring (QueueDriver, "avail").</summary>
    public ulong DriverRing => _physical + (ulong)_availOffset;

    /// <summary>Physical address of the device ring (QueueDevice, "used").</summary>
    public ulong DeviceRing => _physical + (ulong)_usedOffset;

    /// <summary>
    /// Puts <paramref name="chain"/> in free descriptors, linked in order, and publishes its head in the driver ring (the
    /// device then owns it: notify it). Returns the head's index, or -1 when fewer than chain.Length descriptors are free
    /// or the chain is empty (nothing changes).
    /// </summary>
    public int Submit(ReadOnlySpan<QueueBuffer> chain)
    {
        if (chain.Length == 0 || chain.Length > FreeCount)
        {
            return -1;
        }

        int head = _freeHead;
        int index = head;
        for (int i = 0; i < chain.Length; i++)
        {
            int next = _nextFree[index];
            bool last = i == chain.Length - 1;
            byte* d = _memory + (16 * index);
            Volatile.Write(ref *(ulong*)d, chain[i].Physical);
            Volatile.Write(ref *(uint*)(d + 8), chain[i].Length);
            Volatile.Write(ref *(ushort*)(d + 12), (ushort)((last ? 0 : NextFlag) | (chain[i].DeviceWrites ? WriteFlag : 0)));
            Volatile.Write(ref *(ushort*)(d + 14), (ushort)(last ? 0 : next));
            if (!last)
            {
                index = next;
            }
            else
            {
                _freeHead = next;
            }
        }

        _chainLength[head] = (ushort)chain.Length;
        FreeCount -= chain.Length;
        ushort* ring = (ushort*)(_memory + _availOffset);
        Volatile.Write(ref ring[2 + (_availIndex % _size)], (ushort)head);
        _availIndex++;
        Volatile.Write(ref ring[1], _availIndex); // after the entry: the device reads the entry once it sees the index
        return head;
    }

    /// <summary>
    /// Takes the next chain the device has finished, if any: its head and the bytes the device wrote, and returns its
    /// descriptors to the free list. False when the device ring holds nothing new. A head the device names that is not
    /// a chain in progress is refused (<paramref name="head"/> -1, true returned) and changes nothing but the position.
    /// </summary>
    public bool TryTakeUsed(out int head, out uint written)
    {
        byte* used = _memory + _usedOffset;
        ushort deviceIndex = Volatile.Read(ref *(ushort*)(used + 2)); // before the element it covers
        if (deviceIndex == _usedSeen)
        {
            head = -1;
            written = 0;
            return false;
        }

        byte* element = used + 4 + (8 * (_usedSeen % _size));
        uint id = Volatile.Read(ref *(uint*)element);
        written = Volatile.Read(ref *(uint*)(element + 4));
        _usedSeen++;
        if (id >= (uint)_size || _chainLength[id] == 0)
        {
            head = -1;
            return true;
        }

        head = (int)id;
        Release(head);
        return true;
    }

    // The chain's descriptors back to the free list (walked by the lengths the driver recorded, not the device's memory).
    private void Release(int head)
    {
        int count = _chainLength[head];
        _chainLength[head] = 0;
        int last = head;
        for (int i = 1; i < count; i++)
        {
            last = _nextFree[last];
        }

        _nextFree[last] = (ushort)_freeHead;
        _freeHead = head;
        FreeCount += count;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}
