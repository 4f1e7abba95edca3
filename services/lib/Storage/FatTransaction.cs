// One file-system operation's view and changes: FAT entries, cluster allocation (copy-on-write safe), directory bytes, FSInfo.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// The changes of one operation, all in one <see cref="JournalTransaction"/>: FAT entries (every FAT copy), directory
/// sectors, the FSInfo counters. Data goes straight to clusters this transaction allocated, which nothing on disk refers
/// to until the commit. The allocator never hands out a cluster freed by this same transaction, nor one with sectors
/// whose journaled images are still waiting for a checkpoint (a later checkpoint would overwrite its new data).
/// </summary>
internal sealed class FatTransaction
{
    private readonly FatLayout _layout;
    private readonly Journal _journal;
    private readonly JournalTransaction _tx;
    private readonly HashSet<uint> _freedHere = new();
    private readonly byte[] _sector = new byte[Journal.SectorSize];

    public FatTransaction(FatLayout layout, Journal journal, uint freeCount, uint nextFree)
    {
        _layout = layout;
        _journal = journal;
        _tx = journal.Begin();
        FreeCount = freeCount;
        NextFree = nextFree;
    }

    /// <summary>Free clusters after this transaction.</summary>
    public uint FreeCount { get; private set; }

    /// <summary>Where the next allocation starts looking.</summary>
    public uint NextFree { get; private set; }

    /// <summary>True once the counters changed (FSInfo must be written).</summary>
    public bool CountersChanged { get; private set; }

    public FatLayout Layout => _layout;

    public JournalTransaction Journaled => _tx;

    public StorageError ReadSector(long sector, Span<byte> buffer) => _tx.Read(sector, buffer);

    public StorageError WriteSector(long sector, ReadOnlySpan<byte> data) => _tx.Write(sector, data);

    /// <summary>The FAT entry of <paramref name="cluster"/> (28 bits) as this transaction sees it.</summary>
    public StorageError Get(uint cluster, out uint value)
    {
        value = 0;
        long s = _layout.FatSector(cluster, 0, out int offset);
        StorageError e = _tx.Read(s, _sector);
        if (e == StorageError.Ok)
        {
            value = LittleEndian.U32(_sector, offset) & FatLayout.EntryMask;
        }

        return e;
    }

    /// <summary>Sets the FAT entry of <paramref name="cluster"/> in every copy (keeping the top four reserved bits).</summary>
    public StorageError Set(uint cluster, uint value)
    {
        for (int copy = 0; copy < _layout.FatCount; copy++)
        {
            long s = _layout.FatSector(cluster, copy, out int offset);
            StorageError e = _tx.Read(s, _sector);
            if (e != StorageError.Ok)
            {
                return e;
            }

            uint old = LittleEndian.U32(_sector, offset);
            LittleEndian.Put32(_sector, offset, (old & ~FatLayout.EntryMask) | (value & FatLayout.EntryMask));
            if ((e = _tx.Write(s, _sector)) != StorageError.Ok)
            {
                return e;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>The clusters of the chain from <paramref name="first"/> (none for 0); Corrupt on a bad link or a loop.</summary>
    public StorageError ReadChain(uint first, List<uint> chain)
    {
        chain.Clear();
        uint c = first;
        while (c != 0)
        {
            if (!_layout.IsCluster(c) || chain.Count > _layout.ClusterCount)
            {
                return StorageError.Corrupt;
            }

            chain.Add(c);
            StorageError e = Get(c, out uint next);
            if (e != StorageError.Ok)
            {
                return e;
            }

            if (next >= FatLayout.EndOfChain)
            {
                return StorageError.Ok;
            }

            if (next == 0 || next == FatLayout.BadCluster)
            {
                return StorageError.Corrupt;
            }

            c = next;
        }

        return StorageError.Ok;
    }

    /// <summary>Takes a free cluster and marks it end-of-chain.</summary>
    public StorageError Allocate(out uint cluster)
    {
        cluster = 0;
        uint count = _layout.ClusterCount;
        uint start = _layout.IsCluster(NextFree) ? NextFree : 2;
        for (uint i = 0; i < count; i++)
        {
            uint c = start + i;
            if (c > _layout.MaxCluster)
            {
                c -= count;
            }

            StorageError e = Get(c, out uint value);
            if (e != StorageError.Ok)
            {
                return e;
            }

            if (value != 0 || _freedHere.Contains(c) || PendingInJournal(c))
            {
                continue;
            }

            if ((e = Set(c, FatLayout.EndOfChainMark)) != StorageError.Ok)
            {
                return e;
            }

            cluster = c;
            FreeCount = FreeCount == uint.MaxValue || FreeCount == 0 ? FreeCount : FreeCount - 1;
            NextFree = c + 1 > _layout.MaxCluster ? 2 : c + 1;
            CountersChanged = true;
            return StorageError.Ok;
        }

        return StorageError.NoSpace;
    }

    /// <summary>Allocates a cluster and zeroes it through the journal (for directories).</summary>
    public StorageError AllocateZeroed(out uint cluster)
    {
        StorageError e = Allocate(out cluster);
        if (e != StorageError.Ok)
        {
            return e;
        }

        var zero = new byte[Journal.SectorSize];
        long s = _layout.ClusterSector(cluster);
        for (int i = 0; i < _layout.SectorsPerCluster; i++)
        {
            if ((e = _tx.Write(s + i, zero)) != StorageError.Ok)
            {
                return e;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>Frees the clusters of <paramref name="chain"/> from index <paramref name="from"/> on.</summary>
    public StorageError Free(List<uint> chain, int from)
    {
        for (int i = from; i < chain.Count; i++)
        {
            StorageError e = Set(chain[i], 0);
            if (e != StorageError.Ok)
            {
                return e;
            }

            _freedHere.Add(chain[i]);
            FreeCount = FreeCount == uint.MaxValue ? FreeCount : FreeCount + 1;
            CountersChanged = true;
        }

        return StorageError.Ok;
    }

    /// <summary>Records the counters in the FSInfo sector (when there is one) and commits through the journal.</summary>
    public StorageError Commit()
    {
        if (CountersChanged && _layout.FsInfoSector > 0)
        {
            StorageError e = _tx.Read(_layout.FsInfoSector, _sector);
            if (e != StorageError.Ok)
            {
                return e;
            }

            if (FatFormat.DecodeFsInfo(_sector, out _, out _))
            {
                FatFormat.EncodeFsInfo(_sector, FreeCount, NextFree);
                if ((e = _tx.Write(_layout.FsInfoSector, _sector)) != StorageError.Ok)
                {
                    return e;
                }
            }
        }

        return _journal.Commit(_tx);
    }

    private bool PendingInJournal(uint cluster)
    {
        long s = _layout.ClusterSector(cluster);
        for (int i = 0; i < _layout.SectorsPerCluster; i++)
        {
            if (_journal.IsPending(s + i))
            {
                return true;
            }
        }

        return false;
    }
}
