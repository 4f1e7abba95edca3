// The write-ahead journal: transactions of whole-sector images in a log (descriptors, images, commit), checkpointed home, replayed at open.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// A redo journal over a region of a block device. A header sector records the log's place and size and the sequence
/// number of the last transaction already written home (checkpointed). A transaction is appended to the log as
/// descriptor sector(s) (its sequence number and the home sector of each image), the images, then, after a flush, one
/// commit sector (sequence number, counts and a CRC-32 over the descriptors and images), followed by another flush: a
/// transaction whose commit sector is on disk with a matching CRC is durable. Committed images are kept in memory (reads
/// go through them) until a checkpoint writes them home, flushes, records the last sequence number in the header and
/// flushes again; the log then starts over at its first sector. Opening a journal replays, in sequence order, every
/// transaction that follows the header's sequence number contiguously and checks; the first torn or missing one ends
/// the log. An image whose first eight bytes equal a descriptor or commit magic is stored with them cleared and a flag,
/// so file data in an old log never passes for a descriptor.
/// </summary>
public sealed class Journal
{
    /// <summary>Bytes per sector: the journal takes 512-byte sectors only.</summary>
    public const int SectorSize = 512;

    /// <summary>Fewest log sectors a journal may have.</summary>
    public const long MinimumLogSectors = 16;

    private const int EntriesPerDescriptor = (SectorSize - 32) / 8;
    private const ulong EscapedDescriptor = 1UL << 63;
    private const ulong EscapedCommit = 1UL << 62;
    private const ulong HomeMask = EscapedCommit - 1;
    private static readonly byte[] HeaderMagic = [(byte)'S', (byte)'M', (byte)'O', (byte)'S', (byte)'J', (byte)'R', (byte)'N', (byte)'L'];
    private static readonly byte[] DescriptorMagic = [(byte)'S', (byte)'M', (byte)'J', (byte)'D', (byte)'E', (byte)'S', (byte)'C', (byte)'1'];
    private static readonly byte[] CommitMagic = [(byte)'S', (byte)'M', (byte)'J', (byte)'C', (byte)'O', (byte)'M', (byte)'T', (byte)'1'];

    private readonly IBlockDevice _device;
    private readonly Dictionary<long, byte[]> _committed = new(); // images committed but not yet home
    private long _logUsed;        // sectors of the log holding committed transactions
    private int _pending;         // transactions in the log not yet checkpointed
    private bool _failed;
    private bool _readOnly;

    private Journal(IBlockDevice device, long headerSector, long logStart, long logSectors, ulong sequence)
    {
        _device = device;
        HeaderSector = headerSector;
        LogStart = logStart;
        LogSectors = logSectors;
        LastSequence = sequence;
    }

    /// <summary>The device the journal protects.</summary>
    public IBlockDevice Device => _device;

    /// <summary>The header's sector.</summary>
    public long HeaderSector { get; }

    /// <summary>The log's first sector.</summary>
    public long LogStart { get; }

    /// <summary>The log's length in sectors.</summary>
    public long LogSectors { get; }

    /// <summary>Sequence number of the last committed transaction (0: none yet).</summary>
    public ulong LastSequence { get; private set; }

    /// <summary>Committed transactions not yet written home.</summary>
    public int PendingTransactions => _pending;

    /// <summary>Sector images committed and kept in memory until the next checkpoint writes them home.</summary>
    public int CommittedSectors => _committed.Count;

    /// <summary>
    /// The most sector images kept in memory between checkpoints (512 bytes each): a commit that would pass it
    /// checkpoints first, as one that would overflow the log does. Unbounded by default (then the log's size bounds it);
    /// a server with a small memory quota sets it (the file server: 256, 128 KiB).
    /// </summary>
    public int MaxCommittedSectors { get; set; } = int.MaxValue;

    /// <summary>Transactions replayed when the journal was opened.</summary>
    public int Replayed { get; private set; }

    /// <summary>Why the last <see cref="StorageError.Corrupt"/> or <see cref="StorageError.Unsupported"/> was returned.</summary>
    public string? Reason { get; private set; }

    /// <summary>The most sectors one transaction may write (it must fit the log with its descriptors and commit).</summary>
    public int MaxTransactionSectors
    {
        get
        {
            long images = (LogSectors - 1) * EntriesPerDescriptor / (EntriesPerDescriptor + 1);
            return (int)Math.Min(images, int.MaxValue);
        }
    }

    /// <summary>A journal that only reads: no log, every <see cref="Commit"/> and <see cref="Checkpoint"/> is <see cref="StorageError.ReadOnly"/>.</summary>
    public static Journal ReadOnlyView(IBlockDevice device) => new(device, -1, 0, 0, 0) { _readOnly = true };

    /// <summary>True for a <see cref="ReadOnlyView"/>.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>Writes an empty journal's header (after a flush of nothing pending) and flushes it.</summary>
    public static StorageError Format(IBlockDevice device, long headerSector, long logStart, long logSectors)
    {
        if (device.SectorSize != SectorSize || logSectors < MinimumLogSectors || headerSector < 0 ||
            (headerSector >= logStart && headerSector < logStart + logSectors) || logStart < 0 ||
            logStart + logSectors > device.SectorCount || headerSector >= device.SectorCount)
        {
            return StorageError.InvalidArgument;
        }

        var journal = new Journal(device, headerSector, logStart, logSectors, 0);
        StorageError e = journal.WriteHeader();
        return e != StorageError.Ok ? e : device.Flush();
    }

    /// <summary>True when <paramref name="headerSector"/> starts with the journal header's magic (valid or not).</summary>
    public static bool IsPresent(IBlockDevice device, long headerSector)
    {
        var sector = new byte[SectorSize];
        return headerSector >= 0 && headerSector < device.SectorCount && device.Read(headerSector, sector) == StorageError.Ok &&
            new ReadOnlySpan<byte>(sector, 0, 8).SequenceEqual(HeaderMagic);
    }

    /// <summary>
    /// Opens the journal whose header is at <paramref name="headerSector"/>: validates the header, replays every committed
    /// transaction after the checkpointed one and checkpoints them. <paramref name="reason"/> says why on Corrupt.
    /// </summary>
    public static StorageError Open(IBlockDevice device, long headerSector, out Journal? journal, out string? reason)
    {
        journal = null;
        reason = null;
        var header = new byte[SectorSize];
        if (device.SectorSize != SectorSize)
        {
            reason = $"journal needs 512-byte sectors, the device has {device.SectorSize}";
            return StorageError.Unsupported;
        }

        if (headerSector < 0 || headerSector >= device.SectorCount)
        {
            reason = $"journal header sector {headerSector} is outside the device";
            return StorageError.InvalidArgument;
        }

        StorageError e = device.Read(headerSector, header);
        if (e != StorageError.Ok)
        {
            return e;
        }

        if (!new ReadOnlySpan<byte>(header, 0, 8).SequenceEqual(HeaderMagic))
        {
            reason = $"sector {headerSector} holds no journal header";
            return StorageError.Corrupt;
        }

        if (Crc32.Of(new ReadOnlySpan<byte>(header, 0, 508)) != LittleEndian.U32(header, 508))
        {
            reason = "the journal header's checksum does not match";
            return StorageError.Corrupt;
        }

        uint version = LittleEndian.U32(header, 8);
        ulong start = LittleEndian.U64(header, 16), length = LittleEndian.U64(header, 24);
        if (version != 1 || LittleEndian.U32(header, 12) != SectorSize)
        {
            reason = $"journal version {version} with {LittleEndian.U32(header, 12)}-byte sectors is not version 1 with 512";
            return StorageError.Unsupported;
        }

        if (length < MinimumLogSectors || start >= (ulong)device.SectorCount || length > (ulong)device.SectorCount - start ||
            ((ulong)headerSector >= start && (ulong)headerSector < start + length))
        {
            reason = $"the journal log (sectors {start}, {length} long) does not fit the device or overlaps its header";
            return StorageError.Corrupt;
        }

        var j = new Journal(device, headerSector, (long)start, (long)length, LittleEndian.U64(header, 32));
        e = j.Replay();
        if (e != StorageError.Ok)
        {
            reason = j.Reason;
            return e;
        }

        journal = j;
        return StorageError.Ok;
    }

    /// <summary>True when <paramref name="sector"/> may be a home sector (on the device and outside the journal).</summary>
    public bool IsHome(long sector) =>
        sector >= 0 && sector < _device.SectorCount && sector != HeaderSector && (sector < LogStart || sector >= LogStart + LogSectors);

    /// <summary>True when a committed image of <paramref name="sector"/> still waits for a checkpoint.</summary>
    public bool IsPending(long sector) => _committed.ContainsKey(sector);

    /// <summary>A new, empty transaction.</summary>
    public JournalTransaction Begin() => new(this);

    /// <summary>Reads whole sectors as committed: pending images over the disk.</summary>
    public StorageError Read(long sector, Span<byte> buffer)
    {
        if (_committed.Count == 0)
        {
            return _device.Read(sector, buffer);
        }

        for (int i = 0; i * SectorSize < buffer.Length; i++)
        {
            Span<byte> part = buffer.Slice(i * SectorSize, SectorSize);
            if (_committed.TryGetValue(sector + i, out byte[]? image))
            {
                LittleEndian.Copy(image, part);
                continue;
            }

            StorageError e = _device.Read(sector + i, part);
            if (e != StorageError.Ok)
            {
                return e;
            }
        }

        return StorageError.Ok;
    }

    /// <summary>
    /// Makes <paramref name="tx"/> durable: flush (so data written beforehand lands first), descriptors and images,
    /// flush, commit sector, flush. Checkpoints first when the log has no room. Any failure leaves the journal failed.
    /// </summary>
    public StorageError Commit(JournalTransaction tx)
    {
        if (_readOnly)
        {
            return StorageError.ReadOnly;
        }

        if (_failed)
        {
            return StorageError.IOError;
        }

        if (tx.Count == 0)
        {
            return StorageError.Ok;
        }

        if (tx.Count > MaxTransactionSectors)
        {
            return StorageError.TooLarge;
        }

        int n = tx.Count;
        int descriptors = (n + EntriesPerDescriptor - 1) / EntriesPerDescriptor;
        long total = descriptors + n + 1;
        StorageError e;
        if ((_logUsed + total > LogSectors || _committed.Count + n > MaxCommittedSectors) && (e = Checkpoint()) != StorageError.Ok)
        {
            return e;
        }

        ulong sequence = LastSequence + 1;
        long[] homes = tx.SortedSectors();
        var body = new byte[(descriptors + n) * SectorSize];
        for (int d = 0; d < descriptors; d++)
        {
            Span<byte> desc = new Span<byte>(body, d * SectorSize, SectorSize);
            LittleEndian.Copy(DescriptorMagic, desc);
            LittleEndian.Put64(desc, 8, sequence);
            LittleEndian.Put32(desc, 16, (uint)n);
            LittleEndian.Put32(desc, 20, (uint)descriptors);
            LittleEndian.Put32(desc, 24, (uint)d);
        }

        for (int i = 0; i < n; i++)
        {
            Span<byte> image = new Span<byte>(body, (descriptors + i) * SectorSize, SectorSize);
            LittleEndian.Copy(tx.Image(homes[i]), image);
            ulong entry = (ulong)homes[i];
            if (image.Slice(0, 8).SequenceEqual(DescriptorMagic))
            {
                entry |= EscapedDescriptor;
                image.Slice(0, 8).Clear();
            }
            else if (image.Slice(0, 8).SequenceEqual(CommitMagic))
            {
                entry |= EscapedCommit;
                image.Slice(0, 8).Clear();
            }

            LittleEndian.Put64(body, (i / EntriesPerDescriptor * SectorSize) + 32 + (i % EntriesPerDescriptor * 8), entry);
        }

        var commit = new byte[SectorSize];
        LittleEndian.Copy(CommitMagic, commit.AsSpan(0));
        LittleEndian.Put64(commit, 8, sequence);
        LittleEndian.Put32(commit, 16, (uint)n);
        LittleEndian.Put32(commit, 20, (uint)descriptors);
        LittleEndian.Put32(commit, 24, Crc32.Of(body));
        LittleEndian.Put32(commit, 28, Crc32.Of(new ReadOnlySpan<byte>(commit, 0, 28)));

        long at = LogStart + _logUsed;
        if ((e = _device.Flush()) != StorageError.Ok || (e = _device.Write(at, body)) != StorageError.Ok ||
            (e = _device.Flush()) != StorageError.Ok || (e = _device.Write(at + descriptors + n, commit)) != StorageError.Ok ||
            (e = _device.Flush()) != StorageError.Ok)
        {
            _failed = true;
            return e;
        }

        foreach (long home in homes)
        {
            _committed[home] = tx.Image(home);
        }

        _logUsed += total;
        _pending++;
        LastSequence = sequence;
        return StorageError.Ok;
    }

    /// <summary>Writes every committed image home, flushes, records the last sequence number in the header, flushes.</summary>
    public StorageError Checkpoint()
    {
        if (_readOnly)
        {
            return StorageError.ReadOnly;
        }

        if (_failed)
        {
            return StorageError.IOError;
        }

        if (_pending == 0 && _committed.Count == 0)
        {
            return StorageError.Ok;
        }

        var homes = new long[_committed.Count];
        int count = 0;
        foreach (long s in _committed.Keys)
        {
            homes[count++] = s;
        }

        Array.Sort(homes);
        StorageError e;
        for (int i = 0; i < homes.Length;)
        {
            int run = 1;
            while (i + run < homes.Length && homes[i + run] == homes[i] + run && run < 64)
            {
                run++;
            }

            var buffer = new byte[run * SectorSize];
            for (int k = 0; k < run; k++)
            {
                LittleEndian.Copy(_committed[homes[i + k]], buffer.AsSpan(k * SectorSize));
            }

            if ((e = _device.Write(homes[i], buffer)) != StorageError.Ok)
            {
                _failed = true;
                return e;
            }

            i += run;
        }

        if ((e = _device.Flush()) != StorageError.Ok || (e = WriteHeader()) != StorageError.Ok || (e = _device.Flush()) != StorageError.Ok)
        {
            _failed = true;
            return e;
        }

        _committed.Clear();
        _logUsed = 0;
        _pending = 0;
        return StorageError.Ok;
    }

    private StorageError WriteHeader()
    {
        var header = new byte[SectorSize];
        LittleEndian.Copy(HeaderMagic, header.AsSpan(0));
        LittleEndian.Put32(header, 8, 1);
        LittleEndian.Put32(header, 12, SectorSize);
        LittleEndian.Put64(header, 16, (ulong)LogStart);
        LittleEndian.Put64(header, 24, (ulong)LogSectors);
        LittleEndian.Put64(header, 32, LastSequence);
        LittleEndian.Put32(header, 508, Crc32.Of(new ReadOnlySpan<byte>(header, 0, 508)));
        return _device.Write(HeaderSector, header);
    }

    // Loads every valid transaction after the checkpointed one into memory, then checkpoints them.
    private StorageError Replay()
    {
        var first = new byte[SectorSize];
        while (_logUsed < LogSectors)
        {
            long at = LogStart + _logUsed;
            StorageError e = _device.Read(at, first);
            if (e != StorageError.Ok)
            {
                return e;
            }

            ulong sequence = LastSequence + 1;
            if (!new ReadOnlySpan<byte>(first, 0, 8).SequenceEqual(DescriptorMagic) || LittleEndian.U64(first, 8) != sequence)
            {
                break;
            }

            long n = LittleEndian.U32(first, 16), descriptors = LittleEndian.U32(first, 20);
            if (n == 0 || descriptors != (n + EntriesPerDescriptor - 1) / EntriesPerDescriptor || _logUsed + descriptors + n + 1 > LogSectors)
            {
                break;
            }

            var body = new byte[(descriptors + n) * SectorSize];
            var commit = new byte[SectorSize];
            if ((e = _device.Read(at, body)) != StorageError.Ok || (e = _device.Read(at + descriptors + n, commit)) != StorageError.Ok)
            {
                return e;
            }

            if (!new ReadOnlySpan<byte>(commit, 0, 8).SequenceEqual(CommitMagic) || LittleEndian.U64(commit, 8) != sequence ||
                LittleEndian.U32(commit, 16) != n || LittleEndian.U32(commit, 20) != descriptors ||
                LittleEndian.U32(commit, 28) != Crc32.Of(new ReadOnlySpan<byte>(commit, 0, 28)) ||
                LittleEndian.U32(commit, 24) != Crc32.Of(body))
            {
                break; // torn or never committed: the log ends here
            }

            var images = new Dictionary<long, byte[]>();
            for (long i = 0; i < n; i++)
            {
                int entryAt = (int)((i / EntriesPerDescriptor * SectorSize) + 32 + (i % EntriesPerDescriptor * 8));
                ulong entry = LittleEndian.U64(body, entryAt);
                long home = (long)(entry & HomeMask);
                if (!IsHome(home) || images.ContainsKey(home) || (entry & EscapedDescriptor & (entry << 1)) != 0)
                {
                    Reason = $"committed journal transaction {sequence} names home sector {home}, outside the device, inside the journal or twice";
                    return StorageError.Corrupt;
                }

                byte[] image = LittleEndian.CopyOf(new ReadOnlySpan<byte>(body, (int)((descriptors + i) * SectorSize), SectorSize));
                if ((entry & EscapedDescriptor) != 0)
                {
                    LittleEndian.Copy(DescriptorMagic, image.AsSpan(0));
                }
                else if ((entry & EscapedCommit) != 0)
                {
                    LittleEndian.Copy(CommitMagic, image.AsSpan(0));
                }

                images[home] = image;
            }

            foreach (KeyValuePair<long, byte[]> image in images)
            {
                _committed[image.Key] = image.Value;
            }

            _logUsed += descriptors + n + 1;
            _pending++;
            LastSequence = sequence;
            Replayed++;
        }

        _logUsed = 0;
        return _pending == 0 ? StorageError.Ok : Checkpoint();
    }
}
