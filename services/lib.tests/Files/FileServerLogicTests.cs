// The file server's pure parts: path routing to /data and /boot, the List reply's text, and a volume short of the disk.
using System;
using System.Text;
using Smos.Services.Files;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class FileServerLogicTests
{
    [Theory]
    [InlineData("/data/a/b.txt", Volume.Data, "/a/b.txt")]
    [InlineData("/data", Volume.Data, "/")]
    [InlineData("/data/", Volume.Data, "/")]
    [InlineData("/data/dir/", Volume.Data, "/dir")]
    [InlineData("/boot/hello", Volume.Boot, "/hello")]
    [InlineData("/boot", Volume.Boot, "/")]
    [InlineData("/", Volume.Root, "/")]
    [InlineData("/data/../x", Volume.Data, "/../x")] // ".." reaches the volume, which refuses it as a bad name
    public void APathGoesToItsVolume(string path, Volume volume, string inner)
    {
        Assert.Equal(PathProblem.None, VolumePath.Split(path, out Volume v, out string i));
        Assert.Equal(volume, v);
        Assert.Equal(inner, i);
    }

    [Theory]
    [InlineData("", PathProblem.BadName)]
    [InlineData(null, PathProblem.BadName)]
    [InlineData("data/x", PathProblem.BadName)]
    [InlineData("/data//x", PathProblem.BadName)]
    [InlineData("//", PathProblem.BadName)]
    [InlineData("/datafile", PathProblem.NotFound)]
    [InlineData("/tmp", PathProblem.NotFound)]
    [InlineData("/tmp/x", PathProblem.BadName)]
    public void AMalformedOrUnknownPathIsRefused(string? path, PathProblem problem)
    {
        Assert.Equal(problem, VolumePath.Split(path, out _, out string inner));
        Assert.Equal("", inner);
    }

    [Fact]
    public void APathLongerThanTheLimitIsTooLongCountedInUtf8Bytes()
    {
        string fits = "/data/" + new string('a', VolumePath.MaxPathBytes - 6);
        Assert.Equal(PathProblem.None, VolumePath.Split(fits, out _, out _));
        Assert.Equal(PathProblem.TooLong, VolumePath.Split(fits + "a", out _, out _));
        string wide = "/data/" + new string('é', (VolumePath.MaxPathBytes / 2) - 2); // 2 bytes each: 6 + 1020 > 1024
        Assert.Equal(PathProblem.TooLong, VolumePath.Split(wide, out _, out _));
    }

    [Fact]
    public void AListingHoldsWholeLinesUpToItsLimit()
    {
        var text = new ListingText(32);
        Assert.True(text.TryAdd("docs", true, 0));
        Assert.True(text.TryAdd("a.txt", false, 12345));
        Assert.False(text.TryAdd("does-not-fit.txt", false, 1)); // 21 bytes, 11 left
        Assert.Equal("d docs\nf 12345 a.txt\n", Encoding.UTF8.GetString(text.ToArray()));
        Assert.True(text.TryAdd("b", false, 7)); // a shorter one still fits: 6 bytes
        Assert.Equal(27, text.ToArray().Length);
    }

    [Fact]
    public void ARangeOfADeviceRefusesSectorsPastItsEndAndFormatsAVolumeThatSize()
    {
        var disk = new MemoryBlockDevice(4096);
        var range = new BlockRange(disk, 4096 - 16);
        Assert.Equal(4080, range.SectorCount);
        byte[] sector = new byte[512];
        Assert.Equal(StorageError.Ok, range.Write(4079, sector));
        Assert.Equal(StorageError.InvalidArgument, range.Write(4080, sector));
        Assert.Equal(StorageError.InvalidArgument, range.Read(4079, new byte[1024]));
        Assert.Equal(StorageError.InvalidArgument, range.Read(-1, sector));
        Assert.Equal(StorageError.Ok, FatFormat.Make(range, "T", 128));
        Assert.Equal(StorageError.Ok, FatFileSystem.Mount(disk, out FatFileSystem? fs, out _));
        Assert.Equal(4080, fs!.Layout.TotalSectors);
        Assert.Equal(-1, disk.Image.AsSpan(4080 * 512).IndexOfAnyExcept((byte)0)); // the last 16 sectors untouched
    }
}
