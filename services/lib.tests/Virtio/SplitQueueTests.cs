// SplitQueue: chains in the descriptor table, heads in the driver ring, completions from the device ring, indexes wrapping.
using System;
using System.Runtime.InteropServices;
using Smos.Services.Virtio;
using Xunit;

namespace Smos.Services.Tests;

public sealed unsafe class SplitQueueTests : IDisposable
{
    private const ulong Physical = 0x4000_0000;
    private readonly byte* _memory;
    private readonly int _bytes;

    public SplitQueueTests()
    {
        _bytes = SplitQueue.Bytes(8);
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)_bytes, 16);
        new Span<byte>(_memory, _bytes).Clear();
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);

    // The device's side: the avail ring's index and entry k, and completing a head into the used ring.
    private ushort AvailIndex(SplitQueue q) => *(ushort*)(_memory + (int)(q.DriverRing - Physical) + 2);

    private ushort AvailEntry(SplitQueue q, int k) => *(ushort*)(_memory + (int)(q.DriverRing - Physical) + 4 + (2 * (k % q.Size)));

    private void Complete(SplitQueue q, ref ushort usedIndex, uint head, uint written)
    {
        byte* used = _memory + (int)(q.DeviceRing - Physical);
        *(uint*)(used + 4 + (8 * (usedIndex % q.Size))) = head;
        *(uint*)(used + 8 + (8 * (usedIndex % q.Size))) = written;
        usedIndex++;
        *(ushort*)(used + 2) = usedIndex;
    }

    private (ulong Addr, uint Len, ushort Flags, ushort Next) Descriptor(int i)
    {
        byte* d = _memory + (16 * i);
        return (*(ulong*)d, *(uint*)(d + 8), *(ushort*)(d + 12), *(ushort*)(d + 14));
    }

    [Fact]
    public void TheLayoutFollowsTheSpecification()
    {
        var q = new SplitQueue(_memory, Physical, 8);
        Assert.Equal(Physical, q.DescriptorTable);
        Assert.Equal(Physical + 128, q.DriverRing);            // 8 descriptors of 16 bytes
        Assert.Equal(Physical + 128 + 24, q.DeviceRing);       // flags, idx, 8 heads, used_event: 22 bytes, to a 4-byte boundary
        Assert.Equal(128 + 24 + 6 + 64 + 2, SplitQueue.Bytes(8)); // flags, idx, 8 elements, avail_event, to 16 bytes
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitQueue(_memory, Physical, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitQueue(_memory, Physical + 8, 8));
    }

    [Fact]
    public void AChainIsLinkedInOrderAndItsHeadPublished()
    {
        var q = new SplitQueue(_memory, Physical, 8);
        int head = q.Submit([new QueueBuffer(0x1000, 16, false), new QueueBuffer(0x2000, 512, true), new QueueBuffer(0x3000, 1, true)]);
        Assert.Equal(0, head);
        Assert.Equal(5, q.FreeCount);
        Assert.Equal((0x1000UL, 16U, (ushort)1, (ushort)1), Descriptor(0));
        Assert.Equal((0x2000UL, 512U, (ushort)3, (ushort)2), Descriptor(1));  // next | write
        Assert.Equal((0x3000UL, 1U, (ushort)2, (ushort)0), Descriptor(2));    // write, last
        Assert.Equal(1, AvailIndex(q));
        Assert.Equal(0, AvailEntry(q, 0));
    }

    [Fact]
    public void CompletionsFreeTheirChainsInWhateverOrderTheDeviceGives()
    {
        var q = new SplitQueue(_memory, Physical, 8);
        int a = q.Submit([new QueueBuffer(0x1000, 16, false), new QueueBuffer(0x3000, 1, true)]);
        int b = q.Submit([new QueueBuffer(0x5000, 16, false), new QueueBuffer(0x6000, 512, true), new QueueBuffer(0x7000, 1, true)]);
        Assert.Equal(3, q.FreeCount);
        Assert.Equal(-1, q.Submit([default, default, default, default]));
        Assert.False(q.TryTakeUsed(out _, out _));

        ushort used = 0;
        Complete(q, ref used, (uint)b, 513);
        Assert.True(q.TryTakeUsed(out int head, out uint written));
        Assert.Equal((b, 513U), (head, written));
        Assert.Equal(6, q.FreeCount);
        Complete(q, ref used, (uint)a, 1);
        Assert.True(q.TryTakeUsed(out head, out _));
        Assert.Equal(a, head);
        Assert.Equal(8, q.FreeCount);
        Assert.False(q.TryTakeUsed(out _, out _));

        // All eight descriptors are usable again, in one chain.
        var eight = new QueueBuffer[8];
        Assert.NotEqual(-1, q.Submit(eight));
        Assert.Equal(0, q.FreeCount);
    }

    [Fact]
    public void AHeadTheDeviceMakesUpIsRefusedAndChangesNothing()
    {
        var q = new SplitQueue(_memory, Physical, 8);
        int a = q.Submit([new QueueBuffer(0x1000, 16, false)]);
        ushort used = 0;
        Complete(q, ref used, 5, 0);      // never submitted
        Complete(q, ref used, 1000, 0);   // not a descriptor at all
        Assert.True(q.TryTakeUsed(out int head, out _));
        Assert.Equal(-1, head);
        Assert.True(q.TryTakeUsed(out head, out _));
        Assert.Equal(-1, head);
        Assert.Equal(7, q.FreeCount);
        Complete(q, ref used, (uint)a, 0);
        Assert.True(q.TryTakeUsed(out head, out _));
        Assert.Equal(a, head);
        Assert.Equal(8, q.FreeCount);
    }

    [Fact]
    public void IndexesWrapPast65535()
    {
        var q = new SplitQueue(_memory, Physical, 8);
        ushort used = 0;
        var random = new Random(17);
        for (int round = 0; round < 70_000; round++)
        {
            int length = 1 + random.Next(3);
            var chain = new QueueBuffer[length];
            int head = q.Submit(chain);
            Assert.NotEqual(-1, head);
            Assert.Equal(head, AvailEntry(q, (ushort)round));
            Complete(q, ref used, (uint)head, 0);
            Assert.True(q.TryTakeUsed(out int taken, out _));
            Assert.Equal(head, taken);
            Assert.Equal(8, q.FreeCount);
        }

        Assert.Equal(unchecked((ushort)70_000), AvailIndex(q));
    }
}
