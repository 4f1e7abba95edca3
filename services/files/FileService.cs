// The file server's protocol implementation: routes each path to /data (FAT32 on the disk) or /boot, owns the handles.
using System;
using System.Collections.Generic;
using Smos.Lib;
using Smos.Lib.IO;
using Smos.Protocol;
using Smos.Services.Files;
using Smos.Services.Storage;

namespace Smos.FileServer;

/// <summary>
/// Serves <see cref="IFiles"/>: every argument was checked by the generated server (lengths, UTF-8, enum ranges)
/// before a method here runs; paths are routed by <see cref="VolumePath"/>. A handle is a number never reused, owned by
/// the connection that opened it (another connection's handle is BadHandle), and closed when that connection closes
/// or its process ends.
/// </summary>
public sealed partial class FileService : FilesServer
{
    private readonly FatFileSystem? _data;
    private readonly string _dataProblem;
    private readonly BootVolume _boot = new();
    private readonly Dictionary<ulong, OpenHandle> _handles = new();
    private readonly Dictionary<ulong, int> _openPerClient = new();
    private ulong _nextHandle = 1;

    /// <summary>A server for <paramref name="data"/> (null: /data is not mounted, <paramref name="dataProblem"/> says why).</summary>
    public FileService(FatFileSystem? data, string dataProblem)
    {
        _data = data;
        _dataProblem = dataProblem;
    }

    /// <summary>Requests served.</summary>
    public long Requests { get; private set; }

    /// <inheritdoc/>
    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        base.OnEvent(kind, badge, pid);
        if (kind == ConnectionEvent.Closed)
        {
            CloseAllOf(badge);
        }
    }

    /// <inheritdoc/>
    public override Result<ulong> OpenFile(string path, FileMode mode, FileAccess access)
    {
        Requests++;
        bool writes = (access & FileAccess.Write) != 0;
        bool cuts = mode is FileMode.Create or FileMode.Truncate or FileMode.CreateNew or FileMode.Append;
        if (cuts && !writes)
        {
            return Fail<ulong>(FileError.InvalidArgument);
        }

        _openPerClient.TryGetValue(Badge, out int open);
        if (open >= FileLimits.MaxOpenPerClient)
        {
            return Fail<ulong>(FileError.TooManyOpen);
        }

        FileError e = Route(path, out Volume volume, out string inner);
        if (e != 0)
        {
            return Fail<ulong>(e);
        }

        var handle = new OpenHandle { Owner = Badge, Volume = volume, Access = access };
        if (volume == Volume.Boot)
        {
            if (writes)
            {
                return Fail<ulong>(FileError.ReadOnly);
            }

            if ((e = _boot.Open(inner, out handle.BootApp)) != 0)
            {
                return Fail<ulong>(e);
            }
        }
        else if (volume == Volume.Root)
        {
            return Fail<ulong>(FileError.IsADirectory);
        }
        else if ((e = OpenData(inner, mode, out handle.Fat)) != 0)
        {
            return Fail<ulong>(e);
        }

        ulong id = _nextHandle++;
        _handles[id] = handle;
        _openPerClient[Badge] = open + 1;
        return id;
    }

    /// <inheritdoc/>
    public override Result CloseFile(ulong handle)
    {
        Requests++;
        if (!Mine(handle, out OpenHandle? h))
        {
            return Fail(FileError.BadHandle);
        }

        Release(handle, h!);
        return Result.Ok;
    }

    /// <inheritdoc/>
    public override Result<byte[]> Read(ulong handle, ulong offset, int count)
    {
        Requests++;
        if (!Mine(handle, out OpenHandle? h))
        {
            return Fail<byte[]>(FileError.BadHandle);
        }

        if ((h!.Access & FileAccess.Read) == 0)
        {
            return Fail<byte[]>(FileError.AccessDenied);
        }

        if (count < 0 || count > FileLimits.MaxTransfer || offset > (ulong)FatFileSystem.MaxFileSize)
        {
            return Fail<byte[]>(FileError.InvalidArgument);
        }

        if (h.Volume == Volume.Boot)
        {
            FileError be = _boot.Read(h.BootApp, (long)offset, count, out byte[] bytes);
            return be == 0 ? bytes : Fail<byte[]>(be);
        }

        Span<byte> buffer = stackalloc byte[FileLimits.MaxTransfer];
        StorageError e = _data!.Read(h.Fat, (long)offset, buffer.Slice(0, count), out int read);
        return e == StorageError.Ok ? buffer.Slice(0, read).ToArray() : Fail<byte[]>(Map(e));
    }

    /// <inheritdoc/>
    public override Result Write(ulong handle, ulong offset, ReadOnlySpan<byte> data)
    {
        Requests++;
        if (!Mine(handle, out OpenHandle? h))
        {
            return Fail(FileError.BadHandle);
        }

        if ((h!.Access & FileAccess.Write) == 0)
        {
            return Fail(FileError.AccessDenied);
        }

        if (offset > (ulong)FatFileSystem.MaxFileSize || (ulong)data.Length > (ulong)FatFileSystem.MaxFileSize - offset)
        {
            return Fail(FileError.TooLarge);
        }

        return Done(_data!.Write(h.Fat, (long)offset, data));
    }

    /// <inheritdoc/>
    public override Result<ulong> GetLength(ulong handle)
    {
        Requests++;
        if (!Mine(handle, out OpenHandle? h))
        {
            return Fail<ulong>(FileError.BadHandle);
        }

        if (h!.Volume == Volume.Boot)
        {
            return (ulong)_boot.Length(h.BootApp);
        }

        StorageError e = _data!.GetSize(h.Fat, out long size);
        return e == StorageError.Ok ? (ulong)size : Fail<ulong>(Map(e));
    }

    /// <inheritdoc/>
    public override Result SetLength(ulong handle, ulong length)
    {
        Requests++;
        if (!Mine(handle, out OpenHandle? h))
        {
            return Fail(FileError.BadHandle);
        }

        if ((h!.Access & FileAccess.Write) == 0)
        {
            return Fail(FileError.AccessDenied);
        }

        return length > (ulong)FatFileSystem.MaxFileSize ? Fail(FileError.TooLarge) : Done(_data!.Truncate(h.Fat, (long)length));
    }

    /// <summary>Open files, by every client.</summary>
    public int OpenFiles => _handles.Count;

    private FileError OpenData(string inner, FileMode mode, out int fat)
    {
        fat = 0;
        if (_data is null)
        {
            return FileError.NotMounted;
        }

        if (mode == FileMode.CreateNew && _data.Stat(inner, out _) == StorageError.Ok)
        {
            return FileError.Exists;
        }

        bool create = mode is FileMode.CreateNew or FileMode.Create or FileMode.OpenOrCreate or FileMode.Append;
        StorageError e = _data.Open(inner, create, out fat);
        if (e == StorageError.Ok && mode is FileMode.Create or FileMode.Truncate)
        {
            if ((e = _data.Truncate(fat, 0)) != StorageError.Ok)
            {
                _data.Close(fat);
            }
        }

        return e == StorageError.Ok ? 0 : Map(e);
    }

    private bool Mine(ulong id, out OpenHandle? handle) => _handles.TryGetValue(id, out handle) && handle.Owner == Badge;

    private void Release(ulong id, OpenHandle h)
    {
        _handles.Remove(id);
        if (h.Volume == Volume.Data)
        {
            _data!.Close(h.Fat);
        }

        if (_openPerClient.TryGetValue(h.Owner, out int n))
        {
            if (n <= 1)
            {
                _openPerClient.Remove(h.Owner);
            }
            else
            {
                _openPerClient[h.Owner] = n - 1;
            }
        }
    }

    private void CloseAllOf(ulong badge)
    {
        if (!_openPerClient.ContainsKey(badge))
        {
            return;
        }

        var ids = new List<ulong>();
        foreach (KeyValuePair<ulong, OpenHandle> kv in _handles)
        {
            if (kv.Value.Owner == badge)
            {
                ids.Add(kv.Key);
            }
        }

        foreach (ulong id in ids)
        {
            Release(id, _handles[id]);
        }
    }

    private FileError Route(string path, out Volume volume, out string inner)
    {
        PathProblem p = VolumePath.Split(path, out volume, out inner);
        return p switch
        {
            PathProblem.None => volume == Volume.Data && _data is null ? FileError.NotMounted : 0,
            PathProblem.TooLong => FileError.NameTooLong,
            PathProblem.NotFound => FileError.NotFound,
            _ => FileError.BadName,
        };
    }

    private static Result Done(StorageError e) => e == StorageError.Ok ? Result.Ok : Fail(Map(e));

    private static Result Fail(FileError e) => Result.Fail((ulong)e);

    private static Result<T> Fail<T>(FileError e) => Result<T>.Fail((ulong)e);

    // StorageError and FileError name the same causes; the wire has its own enum so that libsmos does not depend on the
    // storage library.
    private static FileError Map(StorageError e) => e switch
    {
        StorageError.NotFound => FileError.NotFound,
        StorageError.Exists => FileError.Exists,
        StorageError.NotEmpty => FileError.NotEmpty,
        StorageError.NotADirectory => FileError.NotADirectory,
        StorageError.IsADirectory => FileError.IsADirectory,
        StorageError.BadName => FileError.BadName,
        StorageError.NameTooLong => FileError.NameTooLong,
        StorageError.NoSpace => FileError.NoSpace,
        StorageError.TooLarge => FileError.TooLarge,
        StorageError.DirectoryFull => FileError.DirectoryFull,
        StorageError.IOError => FileError.IOError,
        StorageError.Corrupt => FileError.Corrupt,
        StorageError.Unsupported => FileError.Unsupported,
        StorageError.BadHandle => FileError.BadHandle,
        StorageError.ReadOnly => FileError.ReadOnly,
        StorageError.MoveIntoItself => FileError.MoveIntoItself,
        StorageError.IsRoot => FileError.IsRoot,
        _ => FileError.InvalidArgument,
    };

    private sealed class OpenHandle
    {
        public ulong Owner;
        public Volume Volume;
        public FileAccess Access;
        public int Fat;
        public int BootApp;
    }
}
