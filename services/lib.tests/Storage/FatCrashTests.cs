// Crash consistency: a scripted workload with power lost after every single block write; each reboot mounts, checks and holds a prefix.
using System;
using System.Collections.Generic;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class FatCrashTests
{
    // One step is exactly one changing call (one transaction); Apply changes the model the same way.
    private sealed record Step(string What, Func<FatFileSystem, StorageError> Run, Action<SortedDictionary<string, byte[]?>> Apply);

    private static StorageError WriteAt(FatFileSystem fs, string path, long offset, byte[] data)
    {
        StorageError e = fs.Open(path, false, out int h);
        if (e == StorageError.Ok)
        {
            e = fs.Write(h, offset, data);
            fs.Close(h);
        }

        return e;
    }

    private static StorageError TruncateTo(FatFileSystem fs, string path, long length)
    {
        StorageError e = fs.Open(path, false, out int h);
        if (e == StorageError.Ok)
        {
            e = fs.Truncate(h, length);
            fs.Close(h);
        }

        return e;
    }

    private static StorageError Create(FatFileSystem fs, string path)
    {
        StorageError e = fs.Open(path, true, out int h);
        if (e == StorageError.Ok)
        {
            fs.Close(h);
        }

        return e;
    }

    private static void ModelWrite(SortedDictionary<string, byte[]?> m, string path, long offset, byte[] data)
    {
        byte[] old = m[path]!;
        var now = new byte[Math.Max(old.Length, offset + data.Length)];
        old.CopyTo(now, 0);
        data.CopyTo(now, offset);
        m[path] = now;
    }

    private static void ModelTruncate(SortedDictionary<string, byte[]?> m, string path, int length)
    {
        var now = new byte[length];
        Array.Copy(m[path]!, now, Math.Min(length, m[path]!.Length));
        m[path] = now;
    }

    private static void ModelRename(SortedDictionary<string, byte[]?> m, string from, string to)
    {
        var moves = new List<string>();
        foreach (string key in m.Keys)
        {
            if (key == from || key.StartsWith(from + "/", StringComparison.Ordinal))
            {
                moves.Add(key);
            }
        }

        foreach (string key in moves)
        {
            byte[]? value = m[key];
            m.Remove(key);
            m[string.Concat(to, key.AsSpan(from.Length))] = value;
        }
    }

    private static List<Step> Workload()
    {
        byte[] a = FatTestDisk.Bytes(1200, 1), b = FatTestDisk.Bytes(700, 2), c = FatTestDisk.Bytes(300, 3), d = FatTestDisk.Bytes(5000, 4);
        byte[] g = FatTestDisk.Bytes(900, 5);
        const string Long = "/a file with a long name.bin";
        var steps = new List<Step>
        {
            new("mkdir /docs", fs => fs.CreateDirectory("/docs"), m => m["/docs"] = null),
            new("mkdir /docs/deep", fs => fs.CreateDirectory("/docs/deep"), m => m["/docs/deep"] = null),
            new("create readme", fs => Create(fs, "/docs/readme.txt"), m => m["/docs/readme.txt"] = []),
            new("write readme", fs => WriteAt(fs, "/docs/readme.txt", 0, a), m => ModelWrite(m, "/docs/readme.txt", 0, a)),
            new("append readme", fs => WriteAt(fs, "/docs/readme.txt", 1200, b), m => ModelWrite(m, "/docs/readme.txt", 1200, b)),
            new("overwrite middle", fs => WriteAt(fs, "/docs/readme.txt", 500, c), m => ModelWrite(m, "/docs/readme.txt", 500, c)),
            new("create long", fs => Create(fs, Long), m => m[Long] = []),
            new("write long", fs => WriteAt(fs, Long, 0, d), m => ModelWrite(m, Long, 0, d)),
            new("rename across", fs => fs.Rename("/docs/readme.txt", "/docs/deep/Read Me.txt"), m => ModelRename(m, "/docs/readme.txt", "/docs/deep/Read Me.txt")),
            new("truncate long", fs => TruncateTo(fs, Long, 1000), m => ModelTruncate(m, Long, 1000)),
            new("write past end", fs => WriteAt(fs, Long, 3000, g), m => ModelWrite(m, Long, 3000, g)),
            new("move dir", fs => fs.Rename("/docs/deep", "/deep moved"), m => ModelRename(m, "/docs/deep", "/deep moved")),
            new("delete file", fs => fs.Delete("/deep moved/Read Me.txt"), m => m.Remove("/deep moved/Read Me.txt")),
            new("delete dir", fs => fs.Delete("/docs"), m => m.Remove("/docs")),
        };
        for (int i = 0; i < 18; i++)
        {
            string path = $"/deep moved/small file {i}.txt";
            byte[] data = FatTestDisk.Bytes(40 + i, 100 + i);
            steps.Add(new("create small", fs => Create(fs, path), m => m[path] = []));
            if (i % 3 == 0)
            {
                steps.Add(new("write small", fs => WriteAt(fs, path, 0, data), m => ModelWrite(m, path, 0, data)));
            }
        }

        steps.Add(new("truncate to zero", fs => TruncateTo(fs, Long, 0), m => ModelTruncate(m, Long, 0)));
        steps.Add(new("rename in place", fs => fs.Rename(Long, "/short.bin"), m => ModelRename(m, Long, "/short.bin")));
        return steps;
    }

    private static void Snapshot(FatFileSystem fs, string dir, SortedDictionary<string, byte[]?> into)
    {
        var entries = new List<FatEntryInfo>();
        Assert.Equal(StorageError.Ok, fs.List(dir, entries));
        foreach (FatEntryInfo e in entries)
        {
            string path = (dir == "/" ? "/" : dir + "/") + e.Name;
            into[path] = e.IsDirectory ? null : FatTestDisk.ReadFile(fs, path);
            if (e.IsDirectory)
            {
                Snapshot(fs, path, into);
            }
        }
    }

    private static bool Same(SortedDictionary<string, byte[]?> a, SortedDictionary<string, byte[]?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, byte[]?> kv in a)
        {
            if (!b.TryGetValue(kv.Key, out byte[]? other) || (kv.Value is null) != (other is null) ||
                (kv.Value is not null && !kv.Value.AsSpan().SequenceEqual(other)))
            {
                return false;
            }
        }

        return true;
    }

    private static int RunSteps(MemoryBlockDevice d, List<Step> steps, bool checkpointEach)
    {
        if (FatFileSystem.Mount(d, out FatFileSystem? fs, out _) != StorageError.Ok)
        {
            return 0;
        }

        fs!.CheckpointEveryOperation = checkpointEach;
        for (int i = 0; i < steps.Count; i++)
        {
            StorageError e = steps[i].Run(fs);
            if (e != StorageError.Ok)
            {
                Assert.True(d.PoweredOff, $"step {i} ({steps[i].What}) failed with {e} without a crash");
                return i;
            }
        }

        return steps.Count;
    }

    [Theory]
    [InlineData(false, 0, 0UL, 1)]
    [InlineData(true, 0, 0UL, 1)]
    [InlineData(false, 1, 0UL, 1)]
    [InlineData(false, 0, 7UL, 1)]
    [InlineData(true, 2, 11UL, 1)]
    [InlineData(false, 1, 5UL, 12)]
    public void ACrashAfterAnyBlockWriteLeavesAConsistentVolumeWithEveryOkOperationAndTheNextWhollyOrNotAtAll(bool checkpointEach, int tornSectors, ulong lossSeed, int seeds)
    {
        List<Step> steps = Workload();
        var models = new List<SortedDictionary<string, byte[]?>> { new() };
        foreach (Step s in steps)
        {
            var next = new SortedDictionary<string, byte[]?>(models[^1], StringComparer.Ordinal);
            s.Apply(next);
            models.Add(next);
        }

        MemoryBlockDevice formatted = FatTestDisk.Formatted(sectors: 2048, reserved: 120);
        MemoryBlockDevice clean = formatted.Reboot();
        Assert.Equal(steps.Count, RunSteps(clean, steps, checkpointEach));
        var all = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        Snapshot(FatTestDisk.Mount(clean.Reboot()), "/", all);
        Assert.True(Same(all, models[^1]), "the workload without a crash ends in the model's state");
        long writes = clean.WritesIssued;

        for (long run = 0; run < writes * seeds; run++)
        {
            long crashAt = 1 + (run / seeds);
            MemoryBlockDevice d = formatted.Reboot();
            d.PowerFailAtWrite(crashAt, tornSectors, lossSeed == 0 ? 0 : (lossSeed * (ulong)crashAt) + (ulong)(run % seeds * 7919));
            int ok = RunSteps(d, steps, checkpointEach);
            FatFileSystem fs = FatTestDisk.Mount(d.Reboot());
            var problems = new List<string>();
            Assert.True(fs.Check(problems) == StorageError.Ok, $"crash at write {crashAt} (after {ok} steps): {string.Join("; ", problems)}");
            var state = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
            Snapshot(fs, "/", state);
            Assert.True(Same(state, models[ok]) || (ok < steps.Count && Same(state, models[ok + 1])),
                $"crash at write {crashAt}: {ok} steps returned Ok, but the volume is neither that state nor the one after '{(ok < steps.Count ? steps[ok].What : "")}'");
            Assert.Equal(StorageError.Ok, FatTestDisk.WriteFile(fs, "/after reboot", "still writable"u8));
            FatTestDisk.AssertChecks(fs);
        }
    }
}
