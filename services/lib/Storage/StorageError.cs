// What a block device, the journal or the file system says went wrong: one enum value per cause, and a sentence for each.
namespace Smos.Services.Storage;

/// <summary>The outcome of a storage operation: <see cref="Ok"/> or the one reason it failed (nothing was changed then).</summary>
public enum StorageError
{
    /// <summary>It worked.</summary>
    Ok = 0,

    /// <summary>A path component, file or directory does not exist.</summary>
    NotFound,

    /// <summary>The name to create is already taken in that directory.</summary>
    Exists,

    /// <summary>A directory to delete still has entries.</summary>
    NotEmpty,

    /// <summary>A path component, or the target of a directory operation, is a file.</summary>
    NotADirectory,

    /// <summary>A file operation names a directory.</summary>
    IsADirectory,

    /// <summary>A name or path is malformed: empty, a reserved character, "." or "..", a trailing dot or space, no leading '/'.</summary>
    BadName,

    /// <summary>A name is longer than 255 UTF-16 units.</summary>
    NameTooLong,

    /// <summary>No free cluster is left.</summary>
    NoSpace,

    /// <summary>A file would grow past 4 GiB - 1 bytes, or one operation touches more metadata than the journal holds.</summary>
    TooLarge,

    /// <summary>A directory already holds the FAT maximum of 65536 entries.</summary>
    DirectoryFull,

    /// <summary>The device failed (or lost power) on a read, write or flush.</summary>
    IOError,

    /// <summary>An on-disk structure failed validation.</summary>
    Corrupt,

    /// <summary>The image is not FAT32 (FAT12, FAT16, exFAT, NTFS or no file system) or uses a layout this code does not take.</summary>
    Unsupported,

    /// <summary>No open file has that handle, or its file was deleted.</summary>
    BadHandle,

    /// <summary>The file system is mounted read-only.</summary>
    ReadOnly,

    /// <summary>An argument is out of range: a negative offset, a buffer that is not whole sectors, a sector past the end.</summary>
    InvalidArgument,

    /// <summary>A directory would move into itself or one of its own subdirectories.</summary>
    MoveIntoItself,

    /// <summary>The root directory cannot be deleted, renamed or opened as a file.</summary>
    IsRoot,
}

/// <summary>Sentences for <see cref="StorageError"/> values.</summary>
public static class StorageErrors
{
    /// <summary>One sentence saying what <paramref name="error"/> means.</summary>
    public static string Describe(StorageError error) => error switch
    {
        StorageError.Ok => "the operation succeeded",
        StorageError.NotFound => "no such file or directory",
        StorageError.Exists => "a file or directory of that name already exists",
        StorageError.NotEmpty => "the directory is not empty",
        StorageError.NotADirectory => "a component of the path is a file, not a directory",
        StorageError.IsADirectory => "the path names a directory, not a file",
        StorageError.BadName => "the name is not valid: empty, '.', '..', a trailing dot or space, a control character or one of \" * / : < > ? \\ |, or a path without a leading '/'",
        StorageError.NameTooLong => "the name is longer than 255 characters",
        StorageError.NoSpace => "the disk has no free cluster left",
        StorageError.TooLarge => "a file would exceed 4 GiB - 1 bytes, or the operation changes more metadata than the journal holds",
        StorageError.DirectoryFull => "the directory already has the FAT maximum of 65536 entries",
        StorageError.IOError => "the block device failed to read, write or flush",
        StorageError.Corrupt => "an on-disk structure is inconsistent",
        StorageError.Unsupported => "the disk does not hold a FAT32 file system this code supports",
        StorageError.BadHandle => "the handle names no open file (never opened, closed, or its file was deleted)",
        StorageError.ReadOnly => "the file system is mounted read-only",
        StorageError.InvalidArgument => "an argument is out of range",
        StorageError.MoveIntoItself => "a directory cannot be moved into itself or one of its subdirectories",
        StorageError.IsRoot => "the root directory cannot be deleted, renamed or opened as a file",
        _ => "unknown storage error",
    };
}
