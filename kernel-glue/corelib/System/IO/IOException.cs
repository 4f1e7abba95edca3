// System.IO's exceptions: IOException and the not-found kinds libsmos's File and Directory throw, with .NET's messages.
namespace System.IO;

/// <summary>An I/O error: the file server refused or failed an operation (the message says why).</summary>
public class IOException : SystemException
{
    public IOException() { }

    public IOException(string? message) : base(message) { }

    public IOException(string? message, Exception? innerException) : base(message, innerException) { }

    private protected override string DefaultMessage => "I/O error occurred.";
}

/// <summary>A file that does not exist.</summary>
public class FileNotFoundException : IOException
{
    public FileNotFoundException() { }

    public FileNotFoundException(string? message) : base(message) { }

    public FileNotFoundException(string? message, string? fileName) : base(message) { FileName = fileName; }

    public FileNotFoundException(string? message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The path that was not found, when given.</summary>
    public string? FileName { get; }

    private protected override string DefaultMessage => "Unable to find the specified file.";
}

/// <summary>A directory (or a path's parent) that does not exist.</summary>
public class DirectoryNotFoundException : IOException
{
    public DirectoryNotFoundException() { }

    public DirectoryNotFoundException(string? message) : base(message) { }

    public DirectoryNotFoundException(string? message, Exception? innerException) : base(message, innerException) { }

    private protected override string DefaultMessage => "Attempted to access a path that is not on the disk.";
}

/// <summary>A path or name longer than the file system allows.</summary>
public class PathTooLongException : IOException
{
    public PathTooLongException() { }

    public PathTooLongException(string? message) : base(message) { }

    public PathTooLongException(string? message, Exception? innerException) : base(message, innerException) { }

    private protected override string DefaultMessage => "The specified file name or path is too long, or a component of the specified path is too long.";
}

/// <summary>A read past the end of a stream where the caller needed the bytes.</summary>
public class EndOfStreamException : IOException
{
    public EndOfStreamException() { }

    public EndOfStreamException(string? message) : base(message) { }

    public EndOfStreamException(string? message, Exception? innerException) : base(message, innerException) { }

    private protected override string DefaultMessage => "Unable to read beyond the end of the stream.";
}

/// <summary>Where <see cref="Stream.Seek"/> counts from (the values of .NET's).</summary>
public enum SeekOrigin
{
    /// <summary>From the start of the stream.</summary>
    Begin = 0,

    /// <summary>From the current position.</summary>
    Current = 1,

    /// <summary>From the end of the stream.</summary>
    End = 2,
}
