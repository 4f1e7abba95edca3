// Sentences for the file server's errors, and the System.IO exception each becomes in File, Directory and FileStream.
using System;
using System.IO;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>Sentences for <see cref="FileError"/> codes and the exceptions libsmos's file API throws for them.</summary>
public static class FileErrors
{
    /// <summary>One sentence saying what <paramref name="error"/> means.</summary>
    public static string Describe(FileError error) => error switch
    {
        FileError.NotFound => "no such file or directory",
        FileError.Exists => "a file or directory of that name already exists",
        FileError.NotEmpty => "the directory is not empty",
        FileError.NotADirectory => "a component of the path is a file, not a directory",
        FileError.IsADirectory => "the path names a directory, not a file",
        FileError.BadName => "the path is not valid: it must start with /boot or /data, and no name may be empty, '.', '..', end in a dot or space, or hold a control character or one of \" * : < > ? \\ |",
        FileError.NameTooLong => "a name is longer than 255 characters or the path longer than 1024 bytes",
        FileError.NoSpace => "the disk is full",
        FileError.TooLarge => "a file would exceed 4 GiB - 1 bytes, or the operation changes more metadata than the journal holds",
        FileError.DirectoryFull => "the directory already has the FAT maximum of 65536 entries",
        FileError.IOError => "the block device failed to read, write or flush",
        FileError.Corrupt => "an on-disk structure is inconsistent",
        FileError.Unsupported => "the disk does not hold a FAT32 file system this server supports",
        FileError.BadHandle => "the handle names no open file of this connection",
        FileError.ReadOnly => "the volume is read-only",
        FileError.InvalidArgument => "an argument is out of range",
        FileError.MoveIntoItself => "a directory cannot be moved into itself or one of its subdirectories",
        FileError.IsRoot => "the root of a volume cannot be deleted, renamed or opened as a file",
        FileError.AccessDenied => "the file was opened without the access this operation needs",
        FileError.TooManyOpen => "this connection has 64 files open already",
        FileError.NotMounted => "the volume is not mounted (no disk, or the file server refused it at mount: see its line at boot)",
        FileError.CrossVolume => "a move cannot cross from one volume to another (/boot and /data)",
        _ => "unknown file error",
    };

    /// <summary>The file error in <paramref name="error"/>, or 0 when it is a protocol error (not one of the server's own).</summary>
    public static FileError Of(ProtocolError error) =>
        ProtocolWire.IsAppError(error) ? (FileError)((ulong)error - ProtocolWire.FirstAppError) : 0;

    /// <summary>A sentence for any failure of a files call: the server's own error or the protocol's.</summary>
    public static string Describe(ProtocolError error)
    {
        FileError e = Of(error);
        return e != 0 ? Describe(e) : ProtocolWire.Describe(error);
    }

    /// <summary>
    /// The exception .NET would throw: <see cref="FileNotFoundException"/> for a missing file,
    /// <see cref="DirectoryNotFoundException"/> for a missing directory (<paramref name="isDirectory"/>),
    /// <see cref="PathTooLongException"/>, <see cref="ArgumentException"/> for a malformed path, else
    /// <see cref="IOException"/>; the message names <paramref name="operation"/> and <paramref name="path"/>.
    /// </summary>
    public static Exception ToException(ProtocolError error, string operation, string path, bool isDirectory = false)
    {
        FileError e = Of(error);
        string message = $"{operation} '{path}': {Describe(error)}";
        return e switch
        {
            FileError.NotFound when isDirectory => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
            FileError.NotFound => new FileNotFoundException($"Could not find file '{path}'.", path),
            FileError.NameTooLong => new PathTooLongException(message),
            FileError.BadName => new ArgumentException(message),
            _ => new IOException(message),
        };
    }
}
