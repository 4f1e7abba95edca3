// A RAM disk (a byte array of 512-byte sectors) with power-loss injection: drop the Nth write and all later, tear it, lose unflushed writes.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// A block device in memory. For crash tests, <see cref="PowerFailAtWrite"/> picks the write (counted from 1 since the
/// device was made) at which power is lost: that write lands only its first <c>landingSectors</c> sectors (a torn
/// write), and it and every later write or flush fail with <see cref="StorageError.IOError"/> and change nothing. With a
/// non-zero loss seed, writes issued since the last <see cref="Flush"/> that had "returned" may also be lost, each
/// independently (a disk's volatile cache reorders them): only what a flush made durable is sure to survive.
/// <see cref="Reboot"/> gives a fresh device holding what survived.
/// </summary>
public sealed class MemoryBlockDevice : IBlockDevice
{
    private const int Sector = 512;
    private readonly byte[] _image;
    private long _failAt = long.MaxValue;
    private int _landingSectors;
    private ulong _lossState;
    private readonly Dictionary<long, byte[]> _beforeFlush = new();        // first pre-image of each sector written since the last flush
    private readonly List<KeyValuePair<long, byte[]>> _unflushed = new();  // writes since the last flush, in order

    /// <summary>A zeroed disk of <paramref name="sectorCount"/> sectors.</summary>
    public MemoryBlockDevice(long sectorCount)
    {
        if (sectorCount < 1 || sectorCount > int.MaxValue / Sector)
        {
            throw new ArgumentOutOfRangeException(nameof(sectorCount), "a RAM disk holds 1 to 4194303 sectors");
        }

        _image = new byte[(int)sectorCount * Sector];
    }

    /// <summary>A disk holding a copy of <paramref name="image"/> (a whole number of sectors).</summary>
    public MemoryBlockDevice(ReadOnlySpan<byte> image)
    {
        if (image.Length == 0 || image.Length % Sector != 0)
        {
            throw new ArgumentException("an image is a non-zero whole number of 512-byte sectors", nameof(image));
        }

        _image = LittleEndian.CopyOf(image);
    }

    /// <inheritdoc/>
    public int SectorSize => Sector;

    /// <inheritdoc/>
    public long SectorCount => _image.Length / Sector;

    /// <summary>Writes issued so far (including failed ones).</summary>
    public long WritesIssued { get; private set; }

    /// <summary>Flushes that succeeded so far.</summary>
    public long Flushes { get; private set; }

    /// <summary>True once power was lost: writes and flushes fail from then on.</summary>
    public bool PoweredOff { get; private set; }

    /// <summary>The disk's bytes (live, not a copy).</summary>
    public byte[] Image => _image;

    /// <summary>
    /// Loses power at write number <paramref name="write"/> (counted from 1 over the device's life): that write lands its
    /// first <paramref name="landingSectors"/> sectors only. With <paramref name="unflushedLossSeed"/> non-zero, each earlier
    /// write not yet followed by a flush is lost with probability 1/2 (a seeded choice).
    /// </summary>
    public void PowerFailAtWrite(long write, int landingSectors = 0, ulong unflushedLossSeed = 0)
    {
        _failAt = write;
        _landingSectors = landingSectors;
        _lossState = unflushedLossSeed;
    }

    /// <summary>A new device holding a copy of what survived (the "rebooted" disk, no failure planned).</summary>
    public MemoryBlockDevice Reboot() => new(_image);

    /// <inheritdoc/>
    public StorageError Read(long sector, Span<byte> buffer)
    {
        if (!InRange(sector, buffer.Length))
        {
            return StorageError.InvalidArgument;
        }

        new ReadOnlySpan<byte>(_image, (int)(sector * Sector), buffer.Length).CopyTo(buffer);
        return StorageError.Ok;
    }

    /// <inheritdoc/>
    public StorageError Write(long sector, ReadOnlySpan<byte> data)
    {
        if (!InRange(sector, data.Length))
        {
            return StorageError.InvalidArgument;
        }

        if (PoweredOff)
        {
            return StorageError.IOError;
        }

        WritesIssued++;
        int sectors = data.Length / Sector;
        if (WritesIssued >= _failAt)
        {
            sectors = Math.Min(sectors, Math.Max(0, _landingSectors));
        }

        for (int i = 0; i < sectors; i++)
        {
            long s = sector + i;
            var span = new Span<byte>(_image, (int)(s * Sector), Sector);
            if (!_beforeFlush.ContainsKey(s))
            {
                _beforeFlush[s] = LittleEndian.CopyOf(span);
            }

            ReadOnlySpan<byte> part = data.Slice(i * Sector, Sector);
            part.CopyTo(span);
            _unflushed.Add(new KeyValuePair<long, byte[]>(s, LittleEndian.CopyOf(part)));
        }

        if (WritesIssued >= _failAt)
        {
            LosePower(sectors);
            return StorageError.IOError;
        }

        return StorageError.Ok;
    }

    /// <inheritdoc/>
    public StorageError Flush()
    {
        if (PoweredOff)
        {
            return StorageError.IOError;
        }

        _beforeFlush.Clear();
        _unflushed.Clear();
        Flushes++;
        return StorageError.Ok;
    }

    private void LosePower(int landedOfLast)
    {
        PoweredOff = true;
        if (_lossState == 0)
        {
            return;
        }

        // Rebuild every sector written since the last flush from its pre-flush contents plus the writes that survive:
        // each earlier write survives with probability 1/2, the torn write's landed sectors always do.
        foreach (KeyValuePair<long, byte[]> before in _beforeFlush)
        {
            LittleEndian.Copy(before.Value, new Span<byte>(_image, (int)(before.Key * Sector), Sector));
        }

        int earlier = _unflushed.Count - landedOfLast;
        for (int i = 0; i < _unflushed.Count; i++)
        {
            if (i < earlier && (NextRandom() & 1) == 0)
            {
                continue;
            }

            KeyValuePair<long, byte[]> w = _unflushed[i];
            LittleEndian.Copy(w.Value, new Span<byte>(_image, (int)(w.Key * Sector), Sector));
        }
    }

    private ulong NextRandom()
    {
        _lossState ^= _lossState << 13;
        _lossState ^= _lossState >> 7;
        _lossState ^= _lossState << 17;
        return _lossState;
    }

    private bool InRange(long sector, int bytes) =>
        bytes % Sector == 0 && sector >= 0 && sector <= SectorCount && bytes / Sector <= SectorCount - sector;
}
