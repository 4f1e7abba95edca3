// The virtio block device: found among the granted transports, reset and set up (features, one split queue), requests queued.
using System;
using Smos.Services.Virtio;

namespace Smos.VirtioBlkDriver;

/// <summary>
/// A virtio-blk device on one virtio-mmio transport, driven through one split queue in DMA memory. The DMA memory (at
/// least <see cref="DmaPages"/> pages, physically contiguous) holds the queue and the requests' headers and status bytes
/// in its first page, and one 4 KiB bounce buffer per request slot in the pages after it.
/// </summary>
internal sealed unsafe class BlockDevice
{
    /// <summary>Requests the device may hold at once: one bounce page each.</summary>
    public const int Slots = 3;

    /// <summary>DMA pages needed: the queue page and a bounce page per slot.</summary>
    public const int DmaPages = 1 + Slots;

    private const int QueueSize = 16;
    private const int HeaderOffset = 2048;  // 16 bytes per slot: type, reserved, sector
    private const int StatusOffset = 3072;  // 1 byte per slot
    private const int PageBytes = 4096;

    // Feature bits (virtio 1.x): VERSION_1 (bit 32), and the block device's RO (5) and FLUSH (9).
    private const uint FeatureReadOnly = 1u << 5;
    private const uint FeatureFlush = 1u << 9;
    private const uint FeatureVersion1High = 1u << 0;

    // Request types of virtio-blk.
    public const uint TypeIn = 0;
    public const uint TypeOut = 1;
    public const uint TypeFlush = 4;

    private readonly VirtioMmio _regs;
    private readonly byte* _dma;
    private readonly ulong _dmaPhysical;
    private SplitQueue? _queue;

    private BlockDevice(VirtioMmio regs, byte* dma, ulong dmaPhysical)
    {
        _regs = regs;
        _dma = dma;
        _dmaPhysical = dmaPhysical;
    }

    /// <summary>Sectors on the disk (512 bytes each).</summary>
    public ulong Capacity { get; private set; }

    /// <summary>True when the device refuses writes (VIRTIO_BLK_F_RO).</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>True when the device takes flush requests (VIRTIO_BLK_F_FLUSH).</summary>
    public bool CanFlush { get; private set; }

    /// <summary>Which transport of the granted pages it is on (0 = the first, at the lowest address).</summary>
    public int Transport { get; private set; }

    /// <summary>
    /// Looks at each 0x200-byte transport in <paramref name="pages"/> device pages from <paramref name="mmio"/> for a
    /// virtio 1.x block device and sets it up; null with the reason in <paramref name="why"/> when there is none or it
    /// refuses.
    /// </summary>
    public static BlockDevice? Find(nuint mmio, int pages, byte* dma, ulong dmaPhysical, out string why)
    {
        int transports = pages * (PageBytes / 0x200);
        bool legacySeen = false;
        for (int t = transports - 1; t >= 0; t--)
        {
            var regs = new VirtioMmio(mmio + (nuint)(t * 0x200));
            if (regs.Read(VirtioMmio.Magic) != VirtioMmio.MagicValue || regs.Read(VirtioMmio.DeviceId) != VirtioMmio.BlockDeviceId)
            {
                continue;
            }

            if (regs.Read(VirtioMmio.Version) != 2)
            {
                legacySeen = true;
                continue;
            }

            var device = new BlockDevice(regs, dma, dmaPhysical) { Transport = t };
            return device.Start(out why) ? device : null;
        }

        why = legacySeen ? "the block device speaks only the legacy virtio-mmio interface (QEMU: -global virtio-mmio.force-legacy=false)" :
            $"no virtio block device in the {transports} transports granted (QEMU: -device virtio-blk-device,drive=...)";
        return null;
    }

    // Reset, acknowledge, negotiate VERSION_1 (+ FLUSH, RO when offered), one queue of 16, driver OK.
    private bool Start(out string why)
    {
        _regs.Write(VirtioMmio.Status, 0);
        _regs.Write(VirtioMmio.Status, VirtioMmio.Acknowledge);
        _regs.Write(VirtioMmio.Status, VirtioMmio.Acknowledge | VirtioMmio.Driver);
        _regs.Write(VirtioMmio.DeviceFeaturesSel, 1);
        uint high = _regs.Read(VirtioMmio.DeviceFeatures);
        _regs.Write(VirtioMmio.DeviceFeaturesSel, 0);
        uint low = _regs.Read(VirtioMmio.DeviceFeatures);
        if ((high & FeatureVersion1High) == 0)
        {
            return Fail("the device does not offer VIRTIO_F_VERSION_1", out why);
        }

        uint accepted = low & (FeatureReadOnly | FeatureFlush);
        _regs.Write(VirtioMmio.DriverFeaturesSel, 1);
        _regs.Write(VirtioMmio.DriverFeatures, FeatureVersion1High);
        _regs.Write(VirtioMmio.DriverFeaturesSel, 0);
        _regs.Write(VirtioMmio.DriverFeatures, accepted);
        _regs.Write(VirtioMmio.Status, VirtioMmio.Acknowledge | VirtioMmio.Driver | VirtioMmio.FeaturesOk);
        if ((_regs.Read(VirtioMmio.Status) & VirtioMmio.FeaturesOk) == 0)
        {
            return Fail("the device did not accept the features (FEATURES_OK cleared)", out why);
        }

        ReadOnly = (accepted & FeatureReadOnly) != 0;
        CanFlush = (accepted & FeatureFlush) != 0;
        _regs.Write(VirtioMmio.QueueSel, 0);
        uint max = _regs.Read(VirtioMmio.QueueNumMax);
        if (max < QueueSize || _regs.Read(VirtioMmio.QueueReady) != 0)
        {
            return Fail($"queue 0 cannot hold {QueueSize} entries (it holds {max}) or is in use", out why);
        }

        new Span<byte>(_dma, PageBytes * DmaPages).Clear();
        _queue = new SplitQueue(_dma, _dmaPhysical, QueueSize);
        _regs.Write(VirtioMmio.QueueNum, QueueSize);
        _regs.Write64(VirtioMmio.QueueDescLow, _queue.DescriptorTable);
        _regs.Write64(VirtioMmio.QueueDriverLow, _queue.DriverRing);
        _regs.Write64(VirtioMmio.QueueDeviceLow, _queue.DeviceRing);
        _regs.Write(VirtioMmio.QueueReady, 1);
        Capacity = _regs.ReadConfig64(0);
        _regs.Write(VirtioMmio.Status, VirtioMmio.Acknowledge | VirtioMmio.Driver | VirtioMmio.FeaturesOk | VirtioMmio.DriverOk);
        why = "";
        return true;
    }

    private bool Fail(string reason, out string why)
    {
        _regs.Write(VirtioMmio.Status, VirtioMmio.Failed);
        why = reason;
        return false;
    }

    /// <summary>The bounce page of <paramref name="slot"/> (4 KiB of DMA memory), as a pointer into this process.</summary>
    public byte* Bounce(int slot) => _dma + (PageBytes * (1 + slot));

    /// <summary>
    /// Queues request <paramref name="type"/> for <paramref name="count"/> sectors from <paramref name="sector"/> in
    /// <paramref name="slot"/> (data in its bounce page) and notifies the device; false when the queue is full.
    /// </summary>
    public bool Submit(int slot, uint type, ulong sector, int count)
    {
        byte* header = _dma + HeaderOffset + (16 * slot);
        System.Threading.Volatile.Write(ref *(uint*)header, type);
        System.Threading.Volatile.Write(ref *(uint*)(header + 4), 0u);
        System.Threading.Volatile.Write(ref *(ulong*)(header + 8), sector);
        System.Threading.Volatile.Write(ref *(_dma + StatusOffset + slot), (byte)0xFF);
        ulong headerPhysical = _dmaPhysical + (ulong)(HeaderOffset + (16 * slot));
        ulong statusPhysical = _dmaPhysical + (ulong)(StatusOffset + slot);
        ulong dataPhysical = _dmaPhysical + (ulong)(PageBytes * (1 + slot));
        Span<QueueBuffer> chain = stackalloc QueueBuffer[3];
        chain[0] = new QueueBuffer(headerPhysical, 16, false);
        int n = 1;
        if (type != TypeFlush)
        {
            chain[n++] = new QueueBuffer(dataPhysical, (uint)(count * 512), type == TypeIn);
        }

        chain[n++] = new QueueBuffer(statusPhysical, 1, true);
        int head = _queue!.Submit(chain.Slice(0, n));
        if (head < 0)
        {
            return false;
        }

        _heads[head] = slot + 1;
        _regs.Write(VirtioMmio.QueueNotify, 0);
        return true;
    }

    private readonly int[] _heads = new int[QueueSize]; // chain head -> slot + 1

    /// <summary>
    /// After an interrupt: acknowledges the device's interrupt status, then gives the next finished request's slot and
    /// its status byte (0 = OK, 1 = I/O error, 2 = unsupported); false when none is left.
    /// </summary>
    public bool TryComplete(out int slot, out byte status)
    {
        while (_queue!.TryTakeUsed(out int head, out _))
        {
            if (head < 0 || _heads[head] == 0)
            {
                continue; // not a chain of ours: the queue refused it
            }

            slot = _heads[head] - 1;
            _heads[head] = 0;
            status = System.Threading.Volatile.Read(ref *(_dma + StatusOffset + slot));
            return true;
        }

        slot = -1;
        status = 0;
        return false;
    }

    /// <summary>Acknowledges what the device's interrupt status says (used buffers, configuration change).</summary>
    public void AcknowledgeInterrupt()
    {
        uint status = _regs.Read(VirtioMmio.InterruptStatus);
        if (status != 0)
        {
            _regs.Write(VirtioMmio.InterruptAck, status);
        }
    }
}
