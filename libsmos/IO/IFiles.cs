// The file server's typed protocol ("files", services/files): open files by handle, read and write at offsets, names, usage.
using System;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>
/// The protocol of the file server (services/files), which publishes <c>"files"</c>. Apps use it through
/// <c>File</c>, <c>Directory</c> and <c>FileStream</c>; the generated <c>FilesClient</c> is the
/// raw form. Paths are absolute: <c>/data/...</c> (the disk, read-write) and <c>/boot/...</c> (the apps of the boot
/// archive, read-only); <c>/</c> lists the two. Errors are <see cref="FileError"/> codes (<c>Result.Fail</c>).
/// </summary>
[SmosProtocol("files", Version = 1)]
public partial interface IFiles
{
    /// <summary>Opens (or creates, as <paramref name="mode"/> says) the file at <paramref name="path"/>; the result is a handle of this connection.</summary>
    Result<ulong> OpenFile(string path, FileMode mode, FileAccess access);

    /// <summary>Closes <paramref name="handle"/>; a connection's handles are closed when it closes.</summary>
    Result CloseFile(ulong handle);

    /// <summary>Up to <paramref name="count"/> (at most <see cref="FileLimits.MaxTransfer"/>) bytes from <paramref name="offset"/>; fewer at the end of the file, none past it.</summary>
    Result<byte[]> Read(ulong handle, ulong offset, int count);

    /// <summary>Writes <paramref name="data"/> (at most <see cref="FileLimits.MaxTransfer"/> bytes) at <paramref name="offset"/>, growing the file as needed.</summary>
    Result Write(ulong handle, ulong offset, ReadOnlySpan<byte> data);

    /// <summary>The file's length in bytes.</summary>
    Result<ulong> GetLength(ulong handle);

    /// <summary>Sets the file's length: cuts it, or grows it with zeros.</summary>
    Result SetLength(ulong handle, ulong length);

    /// <summary>What <paramref name="path"/> names: a file (its length) or a directory; <see cref="FileError.NotFound"/> if nothing.</summary>
    Result<FileStatus> Stat(string path);

    /// <summary>Creates the directory <paramref name="path"/> (its parent must exist).</summary>
    Result CreateDirectory(string path);

    /// <summary>Deletes the file or the empty directory <paramref name="path"/>.</summary>
    Result Delete(string path);

    /// <summary>Renames or moves <paramref name="from"/> to <paramref name="to"/> (same volume; <paramref name="to"/> must not exist).</summary>
    Result Move(string from, string to);

    /// <summary>
    /// The entries of the directory <paramref name="path"/> from the <paramref name="start"/>th on, as many as fit
    /// <see cref="FileLimits.MaxTransfer"/> bytes: one line each, <c>d NAME</c> for a directory or <c>f LENGTH NAME</c>
    /// for a file, each ending in a newline (UTF-8). Empty when <paramref name="start"/> is past the last entry.
    /// </summary>
    Result<byte[]> List(string path, int start);

    /// <summary>The size and free space of the volume holding <paramref name="path"/>.</summary>
    Result<VolumeUsage> Usage(string path);

    /// <summary>Makes every completed operation durable (each already is once it has replied; this also flushes the device).</summary>
    Result Sync();
}

/// <summary>How <see cref="IFiles.OpenFile"/> treats an existing or missing file (the values of System.IO.FileMode).</summary>
public enum FileMode
{
    /// <summary>Create a file; <see cref="FileError.Exists"/> if it exists.</summary>
    CreateNew = 1,

    /// <summary>Create a file, or cut an existing one to length 0.</summary>
    Create = 2,

    /// <summary>Open an existing file; <see cref="FileError.NotFound"/> if there is none.</summary>
    Open = 3,

    /// <summary>Open the file, creating it when it does not exist.</summary>
    OpenOrCreate = 4,

    /// <summary>Open an existing file and cut it to length 0.</summary>
    Truncate = 5,

    /// <summary>Open or create the file; writes go to its end (the client's <c>FileStream</c> starts there).</summary>
    Append = 6,
}

/// <summary>What a handle may do (the values of System.IO.FileAccess).</summary>
public enum FileAccess
{
    /// <summary>Read only.</summary>
    Read = 1,

    /// <summary>Write only.</summary>
    Write = 2,

    /// <summary>Read and write.</summary>
    ReadWrite = 3,
}

/// <summary>What a path names (<see cref="IFiles.Stat"/>).</summary>
public struct FileStatus
{
    /// <summary>True for a directory.</summary>
    public bool IsDirectory;

    /// <summary>A file's length in bytes (0 for a directory).</summary>
    public ulong Length;

    /// <summary>True when the volume is read-only (<c>/boot</c>).</summary>
    public bool ReadOnly;
}

/// <summary>A volume's size and free space (<see cref="IFiles.Usage"/>).</summary>
public struct VolumeUsage
{
    /// <summary>Bytes of file data the volume holds when empty (its clusters).</summary>
    public ulong TotalBytes;

    /// <summary>Bytes of free clusters.</summary>
    public ulong FreeBytes;

    /// <summary>The allocation unit (a FAT cluster) in bytes.</summary>
    public ulong ClusterBytes;

    /// <summary>Files open on the file server, by every client.</summary>
    public ulong OpenFiles;

    /// <summary>True when the volume is read-only.</summary>
    public bool ReadOnly;
}

/// <summary>The file server's errors (<c>Result.Fail</c> codes); <see cref="FileErrors.Describe(FileError)"/> says each in words.</summary>
public enum FileError : ulong
{
    /// <summary>No such file or directory.</summary>
    NotFound = 1,

    /// <summary>The name is taken.</summary>
    Exists = 2,

    /// <summary>The directory is not empty.</summary>
    NotEmpty = 3,

    /// <summary>A path component is a file.</summary>
    NotADirectory = 4,

    /// <summary>A file operation names a directory.</summary>
    IsADirectory = 5,

    /// <summary>A malformed path or name: empty, relative, '.', '..', a reserved character, a trailing dot or space.</summary>
    BadName = 6,

    /// <summary>A name longer than <see cref="FileLimits.MaxNameLength"/> characters, or a path longer than <see cref="FileLimits.MaxPathBytes"/> bytes.</summary>
    NameTooLong = 7,

    /// <summary>The disk is full.</summary>
    NoSpace = 8,

    /// <summary>A file would pass 4 GiB - 1 bytes, or one operation changes more metadata than the journal holds.</summary>
    TooLarge = 9,

    /// <summary>The directory has the FAT maximum of entries.</summary>
    DirectoryFull = 10,

    /// <summary>The block device failed.</summary>
    IOError = 11,

    /// <summary>An on-disk structure is inconsistent.</summary>
    Corrupt = 12,

    /// <summary>The disk holds no FAT32 file system this server takes.</summary>
    Unsupported = 13,

    /// <summary>No open file of this connection has that handle.</summary>
    BadHandle = 14,

    /// <summary>The volume is read-only (<c>/boot</c>, or a disk mounted read-only).</summary>
    ReadOnly = 15,

    /// <summary>An argument is out of range: a count above <see cref="FileLimits.MaxTransfer"/>, an offset past 4 GiB, an undefined mode.</summary>
    InvalidArgument = 16,

    /// <summary>A directory cannot move into itself.</summary>
    MoveIntoItself = 17,

    /// <summary>The root of a volume cannot be deleted, renamed or opened as a file.</summary>
    IsRoot = 18,

    /// <summary>The handle was opened without the access this call needs (a Write on a handle opened for Read).</summary>
    AccessDenied = 19,

    /// <summary>This connection has <see cref="FileLimits.MaxOpenPerClient"/> files open already.</summary>
    TooManyOpen = 20,

    /// <summary>The volume is not mounted: no disk, or the disk was refused at mount (the file server printed why).</summary>
    NotMounted = 21,

    /// <summary>A move between two volumes (<c>/boot</c> and <c>/data</c>).</summary>
    CrossVolume = 22,
}

/// <summary>The file server's limits.</summary>
public static class FileLimits
{
    /// <summary>The most bytes one Read or Write moves (one shared page).</summary>
    public const int MaxTransfer = 4096;

    /// <summary>The longest name (a FAT long name), in UTF-16 units.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The longest path in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>The most files one connection has open at once.</summary>
    public const int MaxOpenPerClient = 64;
}
