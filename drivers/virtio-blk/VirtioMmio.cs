// One virtio-mmio transport's registers (virtio 1.x, "version 2"), read and written with volatile accesses.
using System.Threading;

namespace Smos.VirtioBlkDriver;

/// <summary>
/// The registers of a virtio-mmio transport at <see cref="Base"/> (0x200 bytes of device memory), as the virtio 1.x
/// specification lays them out (section "MMIO Device Register Layout"). Every access is a 32-bit volatile load or store:
/// the device may change any of them at any time.
/// </summary>
internal readonly unsafe struct VirtioMmio
{
    public const uint MagicValue = 0x7472_6976; // "virt", little-endian
    public const uint BlockDeviceId = 2;

    public const int Magic = 0x000;
    public const int Version = 0x004;
    public const int DeviceId = 0x008;
    public const int DeviceFeatures = 0x010;
    public const int DeviceFeaturesSel = 0x014;
    public const int DriverFeatures = 0x020;
    public const int DriverFeaturesSel = 0x024;
    public const int QueueSel = 0x030;
    public const int QueueNumMax = 0x034;
    public const int QueueNum = 0x038;
    public const int QueueReady = 0x044;
    public const int QueueNotify = 0x050;
    public const int InterruptStatus = 0x060;
    public const int InterruptAck = 0x064;
    public const int Status = 0x070;
    public const int QueueDescLow = 0x080;
    public const int QueueDescHigh = 0x084;
    public const int QueueDriverLow = 0x090;
    public const int QueueDriverHigh = 0x094;
    public const int QueueDeviceLow = 0x0a0;
    public const int QueueDeviceHigh = 0x0a4;
    public const int ConfigGeneration = 0x0fc;
    public const int Config = 0x100;

    // Device status bits.
    public const uint Acknowledge = 1;
    public const uint Driver = 2;
    public const uint DriverOk = 4;
    public const uint FeaturesOk = 8;
    public const uint Failed = 128;

    private readonly byte* _base;

    public VirtioMmio(nuint address) => _base = (byte*)address;

    public nuint Base => (nuint)_base;

    public uint Read(int offset) => Volatile.Read(ref *(uint*)(_base + offset));

    public void Write(int offset, uint value) => Volatile.Write(ref *(uint*)(_base + offset), value);

    public void Write64(int lowOffset, ulong value)
    {
        Write(lowOffset, (uint)value);
        Write(lowOffset + 4, (uint)(value >> 32));
    }

    /// <summary>A 64-bit field of the device's configuration space, read until the configuration generation is stable.</summary>
    public ulong ReadConfig64(int offset)
    {
        while (true)
        {
            uint before = Read(ConfigGeneration);
            ulong value = Read(Config + offset) | ((ulong)Read(Config + offset + 4) << 32);
            if (Read(ConfigGeneration) == before)
            {
                return value;
            }
        }
    }
}
