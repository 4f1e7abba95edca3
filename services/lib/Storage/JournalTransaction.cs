// One journal transaction being built: whole-sector images by home sector, read back through the transaction itself.
using System;
using System.Collections.Generic;

namespace Smos.Services.Storage;

/// <summary>
/// The sectors one atomic change will write, each as a full image keyed by its home sector. Reads through the
/// transaction see its own images first, then the journal's committed-but-not-checkpointed images, then the disk.
/// Nothing reaches the disk until <see cref="Journal.Commit"/>; dropping the object abandons the change.
/// </summary>
public sealed class JournalTransaction
{
    private readonly Journal _journal;
    private readonly Dictionary<long, byte[]> _images = new();

    internal JournalTransaction(Journal journal) => _journal = journal;

    /// <summary>Number of sectors the transaction writes.</summary>
    public int Count => _images.Count;

    /// <summary>True when the transaction has an image of <paramref name="sector"/>.</summary>
    public bool Contains(long sector) => _images.ContainsKey(sector);

    /// <summary>Reads one sector as the transaction sees it.</summary>
    public StorageError Read(long sector, Span<byte> buffer)
    {
        if (buffer.Length != Journal.SectorSize)
        {
            return StorageError.InvalidArgument;
        }

        if (_images.TryGetValue(sector, out byte[]? image))
        {
            LittleEndian.Copy(image, buffer);
            return StorageError.Ok;
        }

        return _journal.Read(sector, buffer);
    }

    /// <summary>Records the new contents of one sector (a copy of <paramref name="data"/>, exactly one sector).</summary>
    public StorageError Write(long sector, ReadOnlySpan<byte> data)
    {
        if (data.Length != Journal.SectorSize || !_journal.IsHome(sector))
        {
            return StorageError.InvalidArgument;
        }

        if (_images.TryGetValue(sector, out byte[]? image))
        {
            data.CopyTo(image);
        }
        else
        {
            _images[sector] = LittleEndian.CopyOf(data);
        }

        return StorageError.Ok;
    }

    /// <summary>The home sectors in ascending order.</summary>
    internal long[] SortedSectors()
    {
        var sectors = new long[_images.Count];
        int i = 0;
        foreach (long s in _images.Keys)
        {
            sectors[i++] = s;
        }

        Array.Sort(sectors);
        return sectors;
    }

    internal byte[] Image(long sector) => _images[sector];
}
