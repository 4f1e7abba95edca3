// The file server's name operations: stat, create directory, delete, move, list, usage, sync, on /, /data and /boot.
using System;
using System.Collections.Generic;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Services.Files;
using Smos.Services.Storage;

namespace Smos.FileServer;

public sealed partial class FileService
{
    private readonly List<FatEntryInfo> _entries = new();

    /// <inheritdoc/>
    public override Result<FileStatus> Stat(string path)
    {
        Requests++;
        FileError e = Route(path, out Volume volume, out string inner);
        if (e != 0)
        {
            return Fail<FileStatus>(e);
        }

        if (volume == Volume.Root || inner == "/")
        {
            return new FileStatus { IsDirectory = true, ReadOnly = volume != Volume.Data || _data!.IsReadOnly };
        }

        if (volume == Volume.Boot)
        {
            return (e = _boot.Open(inner, out int app)) == 0
                ? new FileStatus { Length = (ulong)_boot.Length(app), ReadOnly = true }
                : Fail<FileStatus>(e);
        }

        StorageError se = _data!.Stat(inner, out FatEntryInfo info);
        return se == StorageError.Ok
            ? new FileStatus { IsDirectory = info.IsDirectory, Length = (ulong)info.Size, ReadOnly = _data.IsReadOnly }
            : Fail<FileStatus>(Map(se));
    }

    /// <inheritdoc/>
    public override Result CreateDirectory(string path)
    {
        Requests++;
        FileError e = Writable(path, out string inner);
        return e != 0 ? Fail(e) : Done(_data!.CreateDirectory(inner));
    }

    /// <inheritdoc/>
    public override Result Delete(string path)
    {
        Requests++;
        FileError e = Writable(path, out string inner);
        return e != 0 ? Fail(e) : Done(_data!.Delete(inner));
    }

    /// <inheritdoc/>
    public override Result Move(string from, string to)
    {
        Requests++;
        FileError e = Route(from, out Volume a, out string innerFrom);
        FileError f = Route(to, out Volume b, out string innerTo);
        if (e != 0 || f != 0)
        {
            return Fail(e != 0 ? e : f);
        }

        if (a != b)
        {
            return Fail(FileError.CrossVolume);
        }

        if (a != Volume.Data || innerFrom == "/" || innerTo == "/")
        {
            return Fail(a == Volume.Data ? FileError.IsRoot : FileError.ReadOnly);
        }

        return Done(_data!.Rename(innerFrom, innerTo));
    }

    /// <inheritdoc/>
    public override Result<byte[]> List(string path, int start)
    {
        Requests++;
        FileError e = Route(path, out Volume volume, out string inner);
        if (e != 0)
        {
            return Fail<byte[]>(e);
        }

        if (start < 0)
        {
            return Fail<byte[]>(FileError.InvalidArgument);
        }

        _entries.Clear();
        if (volume == Volume.Root)
        {
            _entries.Add(new FatEntryInfo("boot", "BOOT", 0, true));
            _entries.Add(new FatEntryInfo("data", "DATA", 0, true));
        }
        else if (volume == Volume.Boot)
        {
            if (inner != "/")
            {
                return Fail<byte[]>(_boot.Open(inner, out _) == 0 ? FileError.NotADirectory : FileError.NotFound);
            }

            _boot.List(_entries);
        }
        else
        {
            StorageError se = _data!.List(inner, _entries);
            if (se != StorageError.Ok)
            {
                return Fail<byte[]>(Map(se));
            }
        }

        var text = new ListingText(FileLimits.MaxTransfer);
        for (int i = start; i < _entries.Count && text.TryAdd(_entries[i].Name, _entries[i].IsDirectory, _entries[i].Size); i++)
        {
        }

        return text.ToArray();
    }

    /// <inheritdoc/>
    public override Result<VolumeUsage> Usage(string path)
    {
        Requests++;
        FileError e = Route(path, out Volume volume, out _);
        if (e != 0)
        {
            return Fail<VolumeUsage>(e);
        }

        if (volume != Volume.Data)
        {
            long total = _boot.TotalBytes();
            return new VolumeUsage { TotalBytes = (ulong)total, ClusterBytes = 1, OpenFiles = (ulong)OpenFiles, ReadOnly = true };
        }

        ulong cluster = (ulong)_data!.Layout.ClusterBytes;
        return new VolumeUsage
        {
            TotalBytes = (ulong)_data.Layout.ClusterCount * cluster,
            FreeBytes = _data.FreeClusters * cluster,
            ClusterBytes = cluster,
            OpenFiles = (ulong)OpenFiles,
            ReadOnly = _data.IsReadOnly,
        };
    }

    /// <inheritdoc/>
    public override Result Sync()
    {
        Requests++;
        return _data is null ? Fail(FileError.NotMounted) : Done(_data.Sync());
    }

    private FileError Writable(string path, out string inner)
    {
        FileError e = Route(path, out Volume volume, out inner);
        if (e != 0)
        {
            return e;
        }

        if (volume == Volume.Boot)
        {
            return FileError.ReadOnly;
        }

        return volume == Volume.Root || inner == "/" ? FileError.IsRoot : 0;
    }
}
