// Journal: commit, read-through, checkpoint, replay, limits, a corrupt header, and a crash after every single write.
using System;
using System.Collections.Generic;
using Smos.Services.Storage;
using Xunit;

namespace Smos.Services.Tests;

public class JournalTests
{
    private const long Header = 1;
    private const long LogStart = 2;
    private const long LogSectors = 80;
    private const long HomeFirst = 100;
    private const int Homes = 100;

    private static MemoryBlockDevice Fresh()
    {
        var d = new MemoryBlockDevice(256);
        Assert.Equal(StorageError.Ok, Journal.Format(d, Header, LogStart, LogSectors));
        return d.Reboot(); // write counts start at zero
    }

    private static Journal Open(IBlockDevice d)
    {
        Assert.Equal(StorageError.Ok, Journal.Open(d, Header, out Journal? j, out string? reason));
        Assert.Null(reason);
        return j!;
    }

    private static byte[] Pattern(int tx, long sector)
    {
        var b = new byte[512];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (byte)(tx * 31 + sector + i);
        }

        return b;
    }

    [Fact]
    public void ACommittedSectorReadsBackBeforeAndAfterCheckpointAndReachesHomeOnlyAtCheckpoint()
    {
        MemoryBlockDevice d = Fresh();
        Journal j = Open(d);
        JournalTransaction tx = j.Begin();
        Assert.Equal(StorageError.Ok, tx.Write(150, Pattern(1, 150)));
        Assert.Equal(StorageError.Ok, j.Commit(tx));
        var s = new byte[512];
        Assert.Equal(StorageError.Ok, j.Read(150, s));
        Assert.Equal(Pattern(1, 150), s);
        Assert.True(j.IsPending(150));
        d.Read(150, s);
        Assert.Equal(new byte[512], s);
        Assert.Equal(StorageError.Ok, j.Checkpoint());
        d.Read(150, s);
        Assert.Equal(Pattern(1, 150), s);
        Assert.False(j.IsPending(150));
    }

    [Fact]
    public void ACommitThatWouldPassTheInMemoryBoundCheckpointsFirst()
    {
        MemoryBlockDevice d = Fresh();
        Journal j = Open(d);
        j.MaxCommittedSectors = 5;
        var s = new byte[512];
        for (int t = 0; t < 12; t++)
        {
            JournalTransaction tx = j.Begin();
            Assert.Equal(StorageError.Ok, tx.Write(HomeFirst + (2 * t), Pattern(t, HomeFirst + (2 * t))));
            Assert.Equal(StorageError.Ok, tx.Write(HomeFirst + (2 * t) + 1, Pattern(t, HomeFirst + (2 * t) + 1)));
            Assert.Equal(StorageError.Ok, j.Commit(tx));
            Assert.InRange(j.CommittedSectors, 2, 5);
        }

        // Every sector reads back, through the journal and, after a reboot's replay, from the disk.
        Journal again = Open(d.Reboot());
        for (int t = 0; t < 12; t++)
        {
            Assert.Equal(StorageError.Ok, again.Read(HomeFirst + (2 * t) + 1, s));
            Assert.Equal(Pattern(t, HomeFirst + (2 * t) + 1), s);
        }
    }

    [Fact]
    public void ATransactionCommittedButNotCheckpointedIsReplayedAtOpen()
    {
        MemoryBlockDevice d = Fresh();
        Journal j = Open(d);
        for (int t = 1; t <= 3; t++)
        {
            JournalTransaction tx = j.Begin();
            tx.Write(150 + t, Pattern(t, 150 + t));
            Assert.Equal(StorageError.Ok, j.Commit(tx));
        }

        MemoryBlockDevice after = d.Reboot();
        Journal again = Open(after);
        Assert.Equal(3, again.Replayed);
        Assert.Equal(3UL, again.LastSequence);
        var s = new byte[512];
        after.Read(152, s);
        Assert.Equal(Pattern(2, 152), s);
        Assert.Equal(0, Open(after.Reboot()).Replayed);
    }

    [Fact]
    public void ImagesThatLookLikeDescriptorsOrCommitsRoundTrip()
    {
        MemoryBlockDevice d = Fresh();
        Journal j = Open(d);
        byte[] fake1 = Pattern(1, 0), fake2 = Pattern(2, 0);
        "SMJDESC1"u8.CopyTo(fake1);
        "SMJCOMT1"u8.CopyTo(fake2);
        JournalTransaction tx = j.Begin();
        tx.Write(160, fake1);
        tx.Write(161, fake2);
        Assert.Equal(StorageError.Ok, j.Commit(tx));
        MemoryBlockDevice after = d.Reboot();
        Assert.Equal(1, Open(after).Replayed);
        var s = new byte[512];
        after.Read(160, s);
        Assert.Equal(fake1, s);
        after.Read(161, s);
        Assert.Equal(fake2, s);
    }

    [Fact]
    public void ATransactionLargerThanTheLogIsTooLargeAndOneOfManyDescriptorsWorks()
    {
        Journal j = Open(Fresh());
        JournalTransaction big = j.Begin();
        for (int i = 0; i <= j.MaxTransactionSectors; i++)
        {
            big.Write(HomeFirst + i, Pattern(1, i));
        }

        Assert.Equal(StorageError.TooLarge, j.Commit(big));
        JournalTransaction fits = j.Begin();
        for (int i = 0; i < j.MaxTransactionSectors; i++)
        {
            fits.Write(HomeFirst + i, Pattern(2, i));
        }

        Assert.Equal(StorageError.Ok, j.Commit(fits));
    }

    [Fact]
    public void WritesIntoTheJournalItselfAreRefused()
    {
        Journal j = Open(Fresh());
        JournalTransaction tx = j.Begin();
        Assert.Equal(StorageError.InvalidArgument, tx.Write(Header, new byte[512]));
        Assert.Equal(StorageError.InvalidArgument, tx.Write(LogStart + 3, new byte[512]));
        Assert.Equal(StorageError.InvalidArgument, tx.Write(256, new byte[512]));
    }

    [Fact]
    public void ADamagedHeaderIsCorruptWithAReasonAndAMissingOneSaysSo()
    {
        MemoryBlockDevice d = Fresh();
        d.Image[Header * 512 + 40] ^= 1;
        Assert.Equal(StorageError.Corrupt, Journal.Open(d, Header, out Journal? j, out string? reason));
        Assert.Null(j);
        Assert.Contains("checksum", reason, StringComparison.Ordinal);
        Assert.Equal(StorageError.Corrupt, Journal.Open(new MemoryBlockDevice(16), Header, out _, out reason));
        Assert.Contains("no journal header", reason, StringComparison.Ordinal);
    }

    // The scripted workload: transaction t writes Pattern(t, s) to a seeded choice of sectors; some are large (several
    // descriptors), some images mimic the magics; a checkpoint after every third transaction, and when the log is full.
    private static List<Dictionary<long, int>> Script(out List<long[]> txs)
    {
        var random = new Random(17);
        txs = new List<long[]>();
        var states = new List<Dictionary<long, int>> { new() };
        for (int t = 1; t <= 14; t++)
        {
            int count = t % 5 == 0 ? 70 : random.Next(1, 9);
            var set = new HashSet<long>();
            while (set.Count < count)
            {
                set.Add(HomeFirst + random.Next(Homes));
            }

            var sectors = new long[count];
            set.CopyTo(sectors);
            txs.Add(sectors);
            var state = new Dictionary<long, int>(states[^1]);
            foreach (long s in sectors)
            {
                state[s] = t;
            }

            states.Add(state);
        }

        return states;
    }

    private static byte[] Image(int t, long s)
    {
        byte[] b = Pattern(t, s);
        if (s % 7 == 0)
        {
            "SMJDESC1"u8.CopyTo(b);
        }

        return b;
    }

    // Runs the script until a call fails; returns how many commits returned Ok.
    private static int Run(MemoryBlockDevice d, List<long[]> txs)
    {
        if (Journal.Open(d, Header, out Journal? j, out _) != StorageError.Ok)
        {
            return 0;
        }

        for (int t = 1; t <= txs.Count; t++)
        {
            JournalTransaction tx = j!.Begin();
            foreach (long s in txs[t - 1])
            {
                tx.Write(s, Image(t, s));
            }

            if (j.Commit(tx) != StorageError.Ok)
            {
                return t - 1;
            }

            if (t % 3 == 0 && j.Checkpoint() != StorageError.Ok)
            {
                return t;
            }
        }

        return txs.Count;
    }

    private static bool Matches(MemoryBlockDevice d, Dictionary<long, int> state)
    {
        var s = new byte[512];
        for (long sector = HomeFirst; sector < HomeFirst + Homes; sector++)
        {
            d.Read(sector, s);
            byte[] expected = state.TryGetValue(sector, out int t) ? Image(t, sector) : new byte[512];
            if (!s.AsSpan().SequenceEqual(expected))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(0, 0UL)]
    [InlineData(1, 0UL)]
    [InlineData(0, 99UL)]
    public void ACrashAfterAnyWriteLeavesExactlyAPrefixOfTransactionsIncludingEveryOkCommit(int landingSectors, ulong lossSeed)
    {
        List<Dictionary<long, int>> states = Script(out List<long[]> txs);
        MemoryBlockDevice clean = Fresh();
        Assert.Equal(txs.Count, Run(clean, txs));
        MemoryBlockDevice cleanAfter = clean.Reboot();
        Open(cleanAfter);
        Assert.True(Matches(cleanAfter, states[^1]));
        long writes = clean.WritesIssued;
        Assert.True(writes > 40);

        for (long crashAt = 1; crashAt <= writes; crashAt++)
        {
            MemoryBlockDevice d = Fresh();
            d.PowerFailAtWrite(crashAt, landingSectors, lossSeed == 0 ? 0 : lossSeed + (ulong)crashAt);
            int ok = Run(d, txs);
            MemoryBlockDevice rebooted = d.Reboot();
            Journal j = Open(rebooted);
            Assert.True(Matches(rebooted, states[ok]) || (ok < txs.Count && Matches(rebooted, states[ok + 1])),
                $"crash at write {crashAt}: {ok} commits returned Ok, yet the disk is neither that state nor the next");
            Assert.True(j.LastSequence >= (ulong)ok);
        }
    }
}
