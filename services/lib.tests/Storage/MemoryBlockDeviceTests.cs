// MemoryBlockDevice: sector I/O, bounds, and the power-loss injection the crash tests rely on.
using System;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class MemoryBlockDeviceTests
{
    private static byte[] Sectors(int count, byte fill)
    {
        var b = new byte[count * 512];
        Array.Fill(b, fill);
        return b;
    }

    [Fact]
    public void WrittenSectorsReadBackAndOutOfRangeIsRejected()
    {
        var d = new MemoryBlockDevice(8);
        Assert.Equal(StorageError.Ok, d.Write(2, Sectors(2, 7)));
        var back = new byte[1024];
        Assert.Equal(StorageError.Ok, d.Read(2, back));
        Assert.Equal(Sectors(2, 7), back);
        Assert.Equal(StorageError.InvalidArgument, d.Read(7, back));
        Assert.Equal(StorageError.InvalidArgument, d.Write(0, new byte[100]));
        Assert.Equal(StorageError.InvalidArgument, d.Write(-1, new byte[512]));
    }

    [Fact]
    public void PowerLossDropsTheChosenWriteAndEveryLaterOne()
    {
        var d = new MemoryBlockDevice(8);
        d.PowerFailAtWrite(2);
        Assert.Equal(StorageError.Ok, d.Write(0, Sectors(1, 1)));
        Assert.Equal(StorageError.IOError, d.Write(1, Sectors(1, 2)));
        Assert.True(d.PoweredOff);
        Assert.Equal(StorageError.IOError, d.Write(2, Sectors(1, 3)));
        Assert.Equal(StorageError.IOError, d.Flush());
        MemoryBlockDevice after = d.Reboot();
        var s = new byte[512];
        after.Read(0, s);
        Assert.Equal(1, s[0]);
        after.Read(1, s);
        Assert.Equal(0, s[0]);
        after.Read(2, s);
        Assert.Equal(0, s[0]);
        Assert.Equal(StorageError.Ok, after.Write(3, Sectors(1, 4)));
    }

    [Fact]
    public void ATornWriteLandsOnlyItsFirstSectors()
    {
        var d = new MemoryBlockDevice(8);
        d.PowerFailAtWrite(1, landingSectors: 2);
        Assert.Equal(StorageError.IOError, d.Write(1, Sectors(4, 9)));
        Assert.Equal([0, 9, 9, 0, 0], new[] { d.Image[0], d.Image[512], d.Image[1024], d.Image[1536], d.Image[2048] });
    }

    [Fact]
    public void UnflushedWritesMayBeLostButFlushedOnesSurvive()
    {
        bool sawLoss = false;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var d = new MemoryBlockDevice(8);
            Assert.Equal(StorageError.Ok, d.Write(0, Sectors(1, 1)));
            Assert.Equal(StorageError.Ok, d.Flush());
            d.PowerFailAtWrite(4, unflushedLossSeed: seed);
            Assert.Equal(StorageError.Ok, d.Write(1, Sectors(1, 2)));
            Assert.Equal(StorageError.Ok, d.Write(2, Sectors(1, 3)));
            Assert.Equal(StorageError.IOError, d.Write(3, Sectors(1, 4)));
            Assert.Equal(1, d.Image[0]);
            Assert.Equal(0, d.Image[3 * 512]);
            sawLoss |= d.Image[512] == 0 || d.Image[1024] == 0;
            Assert.True(d.Image[512] is 0 or 2 && d.Image[1024] is 0 or 3);
        }

        Assert.True(sawLoss);
    }
}
