// Damaged images: boot sectors of other formats are refused precisely, and random metadata damage never throws.
using System;
using System.Collections.Generic;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class FatCorruptionTests
{
    private static StorageError MountOf(MemoryBlockDevice d, out string? reason) => FatFileSystem.Mount(d, out _, out reason);

    [Fact]
    public void ABlankDiskHasNoFileSystem()
    {
        Assert.Equal(StorageError.Unsupported, MountOf(new MemoryBlockDevice(1024), out string? reason));
        Assert.Contains("55 AA", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFat16BootSectorIsUnsupportedWithTheReason()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        d.Image[17] = 0; // 512 root directory entries
        d.Image[18] = 2;
        Assert.Equal(StorageError.Unsupported, MountOf(d, out string? reason));
        Assert.Contains("only FAT32", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AVolumeLargerThanTheDeviceIsCorrupt()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        LittleEndian.Put32(d.Image, 32, 1_000_000);
        Assert.Equal(StorageError.Corrupt, MountOf(d, out string? reason));
        Assert.Contains("device", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARootClusterOutsideTheVolumeIsCorrupt()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        LittleEndian.Put32(d.Image, 44, 0x0FFFFFF0);
        Assert.Equal(StorageError.Corrupt, MountOf(d, out string? reason));
        Assert.Contains("root directory cluster", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedJournalHeaderRefusesTheMount()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        d.Image[(FatFormat.JournalHeaderSector * 512) + 20] ^= 0xFF;
        Assert.Equal(StorageError.Corrupt, MountOf(d, out string? reason));
        Assert.Contains("journal", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrossLinkAndALostClusterAreReportedByCheck()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        FatFileSystem fs = FatTestDisk.Mount(d);
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/one", FatTestDisk.Bytes(600, 1)));
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/two", FatTestDisk.Bytes(600, 2)));
        Assert.Equal(StorageError.Ok, fs.Sync());
        FatFileSystem again = FatTestDisk.Mount(d.Reboot());
        var problems = new List<string>();
        Assert.Equal(StorageError.Ok, again.Check(problems));

        // Point /two's entry at /one's first cluster: /two's own clusters are lost, /one's are cross-linked.
        Assert.Equal(StorageError.Ok, again.Stat("/one", out _));
        byte[] image = d.Image;
        long root = fs.Layout.ClusterSector(fs.Layout.RootCluster) * 512;
        int one = -1, two = -1;
        for (int slot = 0; slot < 16; slot++)
        {
            string name = System.Text.Encoding.ASCII.GetString(image, (int)root + (slot * 32), 3);
            one = name == "ONE" ? slot : one;
            two = name == "TWO" ? slot : two;
        }

        Array.Copy(image, root + (one * 32) + 20, image, root + (two * 32) + 20, 2);
        Array.Copy(image, root + (one * 32) + 26, image, root + (two * 32) + 26, 2);
        problems.Clear();
        Assert.Equal(StorageError.Corrupt, FatTestDisk.Mount(d.Reboot()).Check(problems));
        Assert.Contains(problems, p => p.Contains("cross-linked", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lost clusters", StringComparison.Ordinal));
    }

    [Fact]
    public void RandomMetadataDamageNeverThrows()
    {
        MemoryBlockDevice good = FatTestDisk.Formatted(2048, 120);
        FatFileSystem fs = FatTestDisk.Mount(good);
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/dir"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/dir/sub"));
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, $"/dir/a long named file {i}.txt", FatTestDisk.Bytes(300 * i, i)));
        }

        Assert.Equal(StorageError.Ok, fs.Sync());
        // Damage lands in the boot sector, the used start of either FAT, or the first data clusters (the directories).
        long[] regions = [0, fs.Layout.ReservedSectors, fs.Layout.ReservedSectors + fs.Layout.FatSectors, fs.Layout.DataStart];
        var random = new Random(1234);
        int mounted = 0;
        for (int round = 0; round < 600; round++)
        {
            MemoryBlockDevice d = good.Reboot();
            for (int k = random.Next(1, 6); k > 0; k--)
            {
                long start = regions[random.Next(regions.Length)] * 512;
                d.Image[start + random.Next(start == 0 ? 512 : 16 * 512)] = (byte)random.Next(256);
            }

            mounted += Exercise(d) ? 1 : 0;
        }

        Assert.True(mounted > 300, $"only {mounted} damaged images mounted");
    }

    private static bool Exercise(MemoryBlockDevice d)
    {
        if (FatFileSystem.Mount(d, out FatFileSystem? fs, out _) != StorageError.Ok)
        {
            return false;
        }

        fs!.Check(new List<string>());
        Walk(fs, "/", 0);
        FatTestDisk.WriteFile(fs, "/dir/new file.txt", FatTestDisk.Bytes(900, 1));
        fs.Rename("/dir/sub", "/moved");
        fs.Rename("/dir/a long named file 3.txt", "/moved/x");
        fs.Delete("/dir/a long named file 4.txt");
        fs.CreateDirectory("/dir/another");
        fs.Sync();
        return true;
    }

    private static void Walk(FatFileSystem fs, string dir, int depth)
    {
        var entries = new List<FatEntryInfo>();
        if (depth > 4 || fs.List(dir, entries) != StorageError.Ok)
        {
            return;
        }

        foreach (FatEntryInfo e in entries)
        {
            string path = (dir == "/" ? "/" : dir + "/") + e.Name;
            if (e.IsDirectory)
            {
                Walk(fs, path, depth + 1);
            }
            else if (fs.Open(path, false, out int h) == StorageError.Ok)
            {
                fs.Read(h, 0, new byte[4096], out _);
                fs.Write(h, 10, "xyz"u8);
                fs.Truncate(h, 5);
                fs.Close(h);
            }
        }
    }
}
