// Interoperability with Debian's dosfstools and mtools: their images mount here, ours pass fsck.fat and read back in mtools.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public sealed class FatInteropTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smos-fat-" + Guid.NewGuid().ToString("N"));

    public FatInteropTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string HostFile(string name, byte[] data)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, data);
        return path;
    }

    [HostToolsFact]
    public void AnImageFromMkfsFatAndMcopyMountsAndReadsBackLongNamesAndGetsAJournal()
    {
        string img = PathOf("host.img");
        HostTools.MustRun("mkfs.fat", "-F", "32", "-R", "2048", "-n", "HOSTVOL", "-C", img, "65536");
        byte[] small = Encoding.UTF8.GetBytes("hello from the host\n"), big = FatTestDisk.Bytes(300_000, 9);
        HostTools.MustRun("mmd", "-i", img, "::/Some Directory");
        HostTools.MustRun("mcopy", "-i", img, HostFile("hello.txt", small), "::/HELLO.TXT");
        HostTools.MustRun("mcopy", "-i", img, HostFile("big", big), "::/Some Directory/A rather long file name.bin");

        var device = new MemoryBlockDevice(File.ReadAllBytes(img));
        FatFileSystem fs = FatTestDisk.Mount(device);
        Assert.False(fs.IsReadOnly, fs.ReadOnlyReason);
        Assert.Equal(2048 - FatFormat.JournalLogStart, fs.Journal.LogSectors);
        Assert.Equal(["HELLO.TXT", "Some Directory/"], FatTestDisk.Names(fs, "/"));
        Assert.Equal(small, FatTestDisk.ReadFile(fs, "/hello.txt"));
        Assert.Equal(big, FatTestDisk.ReadFile(fs, "/some directory/A RATHER LONG FILE NAME.BIN"));
        FatTestDisk.AssertChecks(fs);

        // Written here, read there.
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/Some Directory/written by smos.txt", "smos\n"u8));
        Assert.Equal(StorageError.Ok, fs.Sync());
        File.WriteAllBytes(img, device.Image);
        HostTools.MustRun("fsck.fat", "-n", img);
        Assert.Equal(0, HostTools.Run("mtype", out string text, "-i", img, "::/Some Directory/written by smos.txt"));
        Assert.Equal("smos\n", text);
    }

    [HostToolsFact]
    public void AnImageFromMkfsFatWithTooFewReservedSectorsMountsReadOnlyAndSaysWhy()
    {
        string img = PathOf("small-reserved.img");
        HostTools.MustRun("mkfs.fat", "-F", "32", "-C", img, "65536");
        HostTools.MustRun("mcopy", "-i", img, HostFile("x", "x"u8.ToArray()), "::/x");
        FatFileSystem fs = FatTestDisk.Mount(new MemoryBlockDevice(File.ReadAllBytes(img)));
        Assert.True(fs.IsReadOnly);
        Assert.Contains("-R 81", fs.ReadOnlyReason, StringComparison.Ordinal);
        Assert.Equal("x"u8.ToArray(), FatTestDisk.ReadFile(fs, "/x"));
        Assert.Equal(StorageError.ReadOnly, fs.CreateDirectory("/d"));
        Assert.Equal(StorageError.ReadOnly, fs.Open("/new", true, out _));
    }

    [HostToolsFact]
    public void OurImagePassesFsckFatAndMtoolsReadsOurFilesAndDirectories()
    {
        var device = new MemoryBlockDevice(131072);
        Assert.Equal(StorageError.Ok, FatFormat.Make(device, "SMOSVOL", 1024));
        FatFileSystem fs = FatTestDisk.Mount(device);
        var files = new Dictionary<string, byte[]>
        {
            ["/readme.txt"] = Encoding.UTF8.GetBytes("plain 8.3 name\n"),
            ["/A Long File Name With Spaces.text"] = FatTestDisk.Bytes(4000, 1),
            ["/docs/notes/Meeting notes 2024.md"] = FatTestDisk.Bytes(70_000, 2),
            ["/docs/UPPER.TXT"] = FatTestDisk.Bytes(1, 3),
            ["/docs/Mixed.Case"] = FatTestDisk.Bytes(513, 4),
            ["/empty file"] = [],
        };
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/docs"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/docs/notes"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/to be removed"));
        foreach (KeyValuePair<string, byte[]> f in files)
        {
            Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, f.Key, f.Value));
        }

        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, $"/docs/notes/file {i}.log", FatTestDisk.Bytes(i, i)));
        }

        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/old name.bin", FatTestDisk.Bytes(2000, 5)));
        Assert.Equal(StorageError.Ok, fs.Rename("/old name.bin", "/docs/new name.bin"));
        Assert.Equal(StorageError.Ok, fs.Delete("/to be removed"));
        Assert.Equal(StorageError.Ok, fs.Delete("/docs/notes/file 7.log"));
        files["/docs/new name.bin"] = FatTestDisk.Bytes(2000, 5);
        Assert.Equal(StorageError.Ok, fs.Sync());
        string img = PathOf("ours.img");
        File.WriteAllBytes(img, device.Image);

        int code = HostTools.Run("fsck.fat", out string fsck, "-n", "-v", img);
        Assert.True(code == 0, fsck);
        Assert.DoesNotContain("differ", fsck, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", fsck, StringComparison.Ordinal);
        Assert.Equal(0, HostTools.Run("mdir", out string listing, "-i", img, "-/", "::/"));
        Assert.Contains("A Long File Name With Spaces.text", listing, StringComparison.Ordinal);
        Assert.Contains("Meeting notes 2024.md", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("to be removed", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("file 7.log", listing, StringComparison.Ordinal);
        Assert.Equal(0, HostTools.Run("mtype", out string text, "-i", img, "::/readme.txt"));
        Assert.Equal("plain 8.3 name\n", text);
        foreach (KeyValuePair<string, byte[]> f in files)
        {
            string copy = PathOf("copy");
            File.Delete(copy);
            HostTools.MustRun("mcopy", "-n", "-i", img, "::" + f.Key, copy);
            Assert.True(f.Value.AsSpan().SequenceEqual(File.ReadAllBytes(copy)), f.Key);
        }
    }
}
