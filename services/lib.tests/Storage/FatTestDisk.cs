// Helpers of the file-system tests: a formatted RAM disk, mounting, writing and reading whole files, the check.
using System;
using System.Collections.Generic;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

internal static class FatTestDisk
{
    public static MemoryBlockDevice Formatted(long sectors = 4096, int reserved = 200, string label = "SMOSTEST")
    {
        var d = new MemoryBlockDevice(sectors);
        Assert.Equal(StorageError.Ok, FatFormat.Make(d, label, reserved));
        return d.Reboot();
    }

    public static FatFileSystem Mount(IBlockDevice d)
    {
        StorageError e = FatFileSystem.Mount(d, out FatFileSystem? fs, out string? reason);
        Assert.True(e == StorageError.Ok, $"mount: {e}: {reason}");
        return fs!;
    }

    public static FatFileSystem Fresh(long sectors = 4096) => Mount(Formatted(sectors));

    public static void AssertChecks(FatFileSystem fs)
    {
        var problems = new List<string>();
        StorageError e = fs.Check(problems);
        Assert.True(e == StorageError.Ok, $"check: {e}: {string.Join("; ", problems)}");
    }

    public static StorageError WriteFile(FatFileSystem fs, string path, ReadOnlySpan<byte> data)
    {
        StorageError e = fs.Open(path, true, out int h);
        if (e != StorageError.Ok)
        {
            return e;
        }

        e = fs.Truncate(h, 0);
        if (e == StorageError.Ok)
        {
            e = fs.Write(h, 0, data);
        }

        fs.Close(h);
        return e;
    }

    public static byte[] ReadFile(FatFileSystem fs, string path)
    {
        Assert.Equal(StorageError.Ok, fs.Open(path, false, out int h));
        Assert.Equal(StorageError.Ok, fs.GetSize(h, out long size));
        var data = new byte[size];
        Assert.Equal(StorageError.Ok, fs.Read(h, 0, data, out int read));
        Assert.Equal(size, read);
        fs.Close(h);
        return data;
    }

    public static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static List<string> Names(FatFileSystem fs, string path)
    {
        var entries = new List<FatEntryInfo>();
        Assert.Equal(StorageError.Ok, fs.List(path, entries));
        var names = new List<string>();
        foreach (FatEntryInfo e in entries)
        {
            names.Add(e.IsDirectory ? e.Name + "/" : e.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
