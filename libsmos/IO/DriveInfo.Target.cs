// System.IO.DriveInfo's shape for the file server's volumes (/data and /boot): size, free space, format, ready.
#if SMOS_TARGET
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>A volume of the file server, as .NET's <c>DriveInfo</c>: <c>new DriveInfo("/data").AvailableFreeSpace</c>.</summary>
/// <example><code>var d = new DriveInfo("/data"); Console.WriteLine($"{d.AvailableFreeSpace / 1024} KiB free of {d.TotalSize / 1024}");</code></example>
public sealed class DriveInfo
{
    private readonly VolumeUsage _usage;
    private readonly ProtocolError _error;

    /// <summary>The volume holding <paramref name="driveName"/> (<c>/data</c> or <c>/boot</c>, or a path in one).</summary>
    public DriveInfo(string driveName)
    {
        Name = driveName.StartsWith("/boot") ? "/boot" : "/data";
        Result<VolumeUsage> r = FileSystem.Client.Usage(Name);
        _error = r.Error;
        _usage = r.IsOk ? r.Value : default;
    }

    /// <summary>The volume's root: <c>/data</c> or <c>/boot</c>.</summary>
    public string Name { get; }

    /// <summary>True when the volume is mounted (false: no disk, or a disk refused at mount).</summary>
    public bool IsReady => _error == ProtocolError.Ok;

    /// <summary>Why the volume is not ready, or "the call worked".</summary>
    public string Status => FileErrors.Describe(_error);

    /// <summary>"FAT32" for /data, "bootfs" for /boot.</summary>
    public string DriveFormat => Name == "/boot" ? "bootfs" : "FAT32";

    /// <summary>Bytes of file data the volume holds when empty.</summary>
    public long TotalSize => (long)_usage.TotalBytes;

    /// <summary>Free bytes.</summary>
    public long TotalFreeSpace => (long)_usage.FreeBytes;

    /// <summary>Free bytes this process may use (all of them: no per-user quota).</summary>
    public long AvailableFreeSpace => (long)_usage.FreeBytes;

    /// <summary>The allocation unit in bytes.</summary>
    public long ClusterSize => (long)_usage.ClusterBytes;

    /// <summary>Files open on the file server when this was asked.</summary>
    public long OpenFiles => (long)_usage.OpenFiles;

    /// <summary>True for a read-only volume.</summary>
    public bool IsReadOnly => _usage.ReadOnly;
}
#endif
