// FatFileSystem: every operation and its errors on a RAM disk formatted by FatFormat.Make, checked by Check() after each test.
using System;
using System.Collections.Generic;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class FatFileSystemTests
{
    [Fact]
    public void AFreshVolumeMountsEmptyWritableAndChecks()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.False(fs.IsReadOnly);
        Assert.Empty(FatTestDisk.Names(fs, "/"));
        Assert.Equal("SMOSTEST", fs.Layout.Label);
        Assert.Equal(StorageError.Ok, fs.Stat("/", out FatEntryInfo root));
        Assert.True(root.IsDirectory);
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void AWrittenFileReadsBackAfterARemount()
    {
        MemoryBlockDevice d = FatTestDisk.Formatted();
        FatFileSystem fs = FatTestDisk.Mount(d);
        byte[] data = FatTestDisk.Bytes(5000, 1);
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/hello.txt", data));
        Assert.Equal(data, FatTestDisk.ReadFile(fs, "/hello.txt"));
        FatFileSystem again = FatTestDisk.Mount(d.Reboot());
        Assert.Equal(data, FatTestDisk.ReadFile(again, "/hello.txt"));
        FatTestDisk.AssertChecks(again);
    }

    [Fact]
    public void WritesAtAnyOffsetOverwriteExtendAndZeroFillGaps()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.Equal(StorageError.Ok, fs.Open("/f", true, out int h));
        var model = new List<byte>();
        var random = new Random(5);
        for (int round = 0; round < 40; round++)
        {
            int offset = random.Next(0, model.Count + 1500);
            byte[] data = FatTestDisk.Bytes(random.Next(1, 1300), round);
            Assert.Equal(StorageError.Ok, fs.Write(h, offset, data));
            while (model.Count < offset + data.Length)
            {
                model.Add(0);
            }

            for (int i = 0; i < data.Length; i++)
            {
                model[offset + i] = data[i];
            }
        }

        Assert.Equal(model.ToArray(), FatTestDisk.ReadFile(fs, "/f"));
        var part = new byte[100];
        Assert.Equal(StorageError.Ok, fs.Read(h, model.Count - 40, part, out int read));
        Assert.Equal(40, read);
        Assert.Equal(StorageError.Ok, fs.Read(h, model.Count + 10, part, out read));
        Assert.Equal(0, read);
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void TruncateShrinksFreesClustersAndExtendsWithZeros()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        uint free = fs.FreeClusters;
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/t", FatTestDisk.Bytes(3000, 2)));
        Assert.Equal(free - 6, fs.FreeClusters);
        Assert.Equal(StorageError.Ok, fs.Open("/t", false, out int h));
        Assert.Equal(StorageError.Ok, fs.Truncate(h, 700));
        Assert.Equal(free - 2, fs.FreeClusters);
        Assert.Equal(StorageError.Ok, fs.Truncate(h, 2000));
        byte[] back = FatTestDisk.ReadFile(fs, "/t");
        Assert.Equal(FatTestDisk.Bytes(3000, 2).AsSpan(0, 700).ToArray(), back.AsSpan(0, 700).ToArray());
        Assert.True(back.AsSpan(700).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(StorageError.Ok, fs.Truncate(h, 0));
        Assert.Equal(free, fs.FreeClusters);
        Assert.Equal(StorageError.InvalidArgument, fs.Truncate(h, -1));
        Assert.Equal(StorageError.TooLarge, fs.Truncate(h, 1L << 32));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void LongNamesKeepTheirCaseGetUniqueShortAliasesAndMatchInAnyCase()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        string[] names = ["A long file name.txt", "A long file name.text", "another long file name.txt", "A long file name 2.txt", "readme.md", "MixedCase.Txt",
            "UPPER.TXT", "lower.txt", "名前.txt", new string('x', 255)];
        foreach (string n in names)
        {
            Assert.True(FatTestDisk.WriteFile(fs, "/" + n, FatTestDisk.Bytes(n.Length, n.Length)) == StorageError.Ok, n);
        }

        var entries = new List<FatEntryInfo>();
        Assert.Equal(StorageError.Ok, fs.List("/", entries));
        var shorts = new HashSet<string>();
        foreach (FatEntryInfo e in entries)
        {
            Assert.Contains(e.Name, names);
            Assert.True(shorts.Add(e.ShortName), e.ShortName);
        }

        Assert.Equal(names.Length, entries.Count);
        Assert.Equal(StorageError.Ok, fs.Stat("/a LONG file NAME.TXT", out FatEntryInfo info));
        Assert.Equal("A long file name.txt", info.Name);
        Assert.Equal("ALONGF~1.TXT", info.ShortName);
        Assert.Equal(StorageError.Ok, fs.Stat("/ALONGF~1.TEX", out info));
        Assert.Equal("A long file name.text", info.Name);
        Assert.Equal(StorageError.Ok, fs.Stat("/ALONGF~2.TXT", out info));
        Assert.Equal("A long file name 2.txt", info.Name);
        Assert.Equal(StorageError.Ok, fs.Stat("/README.MD", out info));
        Assert.Equal("readme.md", info.Name);
        Assert.Equal(StorageError.Exists, fs.CreateDirectory("/LOWER.TXT"));
        Assert.Equal(StorageError.NameTooLong, fs.CreateDirectory("/" + new string('y', 256)));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void DirectoriesNestListAndGrowPastOneCluster()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/a"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/a/b"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/a/b/c"));
        for (int i = 0; i < 60; i++)
        {
            Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, $"/a/b/file number {i}.dat", FatTestDisk.Bytes(i * 10, i)));
        }

        List<string> names = FatTestDisk.Names(fs, "/a/b");
        Assert.Equal(61, names.Count);
        Assert.Contains("c/", names);
        Assert.Equal(FatTestDisk.Bytes(590, 59), FatTestDisk.ReadFile(fs, "/a/b/FILE NUMBER 59.DAT"));
        Assert.Equal(["a/"], FatTestDisk.Names(fs, "//"));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void DeleteRemovesFilesAndEmptyDirectoriesOnly()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        uint free = fs.FreeClusters;
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/d"));
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/d/some file", FatTestDisk.Bytes(2000, 3)));
        Assert.Equal(StorageError.NotEmpty, fs.Delete("/d"));
        Assert.Equal(StorageError.Ok, fs.Delete("/d/SOME FILE"));
        Assert.Equal(StorageError.NotFound, fs.Delete("/d/some file"));
        Assert.Equal(StorageError.Ok, fs.Delete("/d"));
        Assert.Equal(StorageError.IsRoot, fs.Delete("/"));
        Assert.Equal(free, fs.FreeClusters);
        Assert.Empty(FatTestDisk.Names(fs, "/"));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void RenameMovesFilesAndDirectoriesAcrossDirectoriesAndChangesCase()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/src"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/src/inner"));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/dst"));
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/src/inner/data.bin", FatTestDisk.Bytes(1500, 4)));
        Assert.Equal(StorageError.Ok, fs.Rename("/src/inner", "/dst/moved inner"));
        Assert.Equal(FatTestDisk.Bytes(1500, 4), FatTestDisk.ReadFile(fs, "/dst/moved inner/data.bin"));
        Assert.Equal(StorageError.Ok, fs.Rename("/dst/moved inner/data.bin", "/top level.bin"));
        Assert.Equal(StorageError.Ok, fs.Rename("/top level.bin", "/TOP LEVEL.BIN"));
        Assert.Equal(["TOP LEVEL.BIN", "dst/", "src/"], FatTestDisk.Names(fs, "/"));
        Assert.Equal(StorageError.Ok, fs.Rename("/dst", "/src/dst"));
        Assert.Equal(StorageError.MoveIntoItself, fs.Rename("/src", "/src/dst/moved inner/src"));
        Assert.Equal(StorageError.MoveIntoItself, fs.Rename("/src", "/src/x"));
        Assert.Equal(StorageError.Exists, fs.Rename("/src/dst", "/TOP LEVEL.BIN"));
        Assert.Equal(StorageError.NotFound, fs.Rename("/nothing", "/x"));
        Assert.Equal(StorageError.NotFound, fs.Rename("/TOP LEVEL.BIN", "/no/x"));
        Assert.Equal(StorageError.IsRoot, fs.Rename("/", "/x"));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void HandlesFollowRenamesAndDieWithDeletes()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/d"));
        Assert.Equal(StorageError.Ok, fs.Open("/f", true, out int h));
        Assert.Equal(StorageError.Ok, fs.Open("/F", false, out int h2));
        Assert.Equal(StorageError.Ok, fs.Write(h, 0, "abc"u8));
        Assert.Equal(StorageError.Ok, fs.GetSize(h2, out long size));
        Assert.Equal(3, size);
        Assert.Equal(StorageError.Ok, fs.Rename("/f", "/d/renamed"));
        Assert.Equal(StorageError.Ok, fs.Write(h2, 3, "def"u8));
        Assert.Equal("abcdef"u8.ToArray(), FatTestDisk.ReadFile(fs, "/d/renamed"));
        Assert.Equal(StorageError.Ok, fs.Delete("/d/renamed"));
        Assert.Equal(StorageError.BadHandle, fs.Write(h, 0, "x"u8));
        Assert.Equal(StorageError.BadHandle, fs.Read(h2, 0, new byte[1], out _));
        Assert.Equal(StorageError.Ok, fs.Close(h));
        Assert.Equal(StorageError.BadHandle, fs.Close(h));
        Assert.Equal(StorageError.BadHandle, fs.GetSize(99, out _));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void PathAndNameErrorsArePrecise()
    {
        FatFileSystem fs = FatTestDisk.Fresh();
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/file", "x"u8));
        Assert.Equal(StorageError.BadName, fs.Open("relative", true, out _));
        Assert.Equal(StorageError.BadName, fs.Open("/a:b", true, out _));
        Assert.Equal(StorageError.BadName, fs.Open("/trailing.", true, out _));
        Assert.Equal(StorageError.BadName, fs.Open("/../x", true, out _));
        Assert.Equal(StorageError.NotFound, fs.Open("/missing", false, out _));
        Assert.Equal(StorageError.NotFound, fs.Open("/missing/x", true, out _));
        Assert.Equal(StorageError.NotADirectory, fs.Open("/file/x", true, out _));
        Assert.Equal(StorageError.NotADirectory, fs.List("/file", new List<FatEntryInfo>()));
        Assert.Equal(StorageError.IsADirectory, fs.Open("/", false, out _));
        Assert.Equal(StorageError.Ok, fs.CreateDirectory("/dir"));
        Assert.Equal(StorageError.IsADirectory, fs.Open("/dir", true, out _));
        Assert.Equal(StorageError.Exists, fs.CreateDirectory("/DIR"));
        Assert.Equal(StorageError.Exists, fs.CreateDirectory("/"));
        Assert.Equal(StorageError.Ok, fs.Open("/file", false, out int h));
        Assert.Equal(StorageError.InvalidArgument, fs.Write(h, -1, "x"u8));
        Assert.Equal(StorageError.TooLarge, fs.Write(h, uint.MaxValue, "x"u8));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void AFullDiskSaysNoSpaceAndChangesNothing()
    {
        FatFileSystem fs = FatTestDisk.Fresh(1024);
        uint free = fs.FreeClusters;
        Assert.Equal(StorageError.NoSpace, FatTestDisk.WriteFile(fs, "/big", new byte[(free + 1) * 512]));
        Assert.Equal(free, fs.FreeClusters);
        Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/fits", new byte[(free - 2) * 512]));
        FatTestDisk.AssertChecks(fs);
    }

    [Fact]
    public void EveryErrorHasADescription()
    {
        foreach (StorageError e in Enum.GetValues<StorageError>())
        {
            Assert.NotEqual("unknown storage error", StorageErrors.Describe(e));
        }
    }
}
