// System.IO.FileStream's shape over the file server: a handle with a position; reads and writes go in 4 KiB calls.
#if SMOS_TARGET
using System;
using System.IO;
using Smos.Protocol;

namespace Smos.Lib.IO;

/// <summary>
/// An open file of the file server, as .NET's <c>FileStream</c>: <see cref="Stream.Read(byte[], int, int)"/>,
/// <see cref="Stream.Write(byte[], int, int)"/>, <see cref="Seek"/>, <see cref="Length"/>, <see cref="SetLength"/>,
/// <see cref="Flush"/>. Nothing is buffered in the app: each Read or Write is one call to the file server per
/// <see cref="FileLimits.MaxTransfer"/> bytes (through the connection's shared page), and a completed Write is on the
/// disk when it returns. Dispose (or <c>using</c>) closes the handle; the file server also closes every handle of a
/// process that ends.
/// </summary>
/// <example><code>
/// using (var log = new FileStream("/data/log.bin", FileMode.Append, FileAccess.Write))
/// {
///     log.Write(new byte[] { 1, 2, 3 }, 0, 3);
/// }
/// </code></example>
public sealed class FileStream : Stream
{
    private readonly FilesClient _client;
    private readonly FileAccess _access;
    private ulong _handle;
    private long _position;

    /// <summary>Opens <paramref name="path"/>; throws as <see cref="File"/> does.</summary>
    public FileStream(string path, FileMode mode, FileAccess access = FileAccess.ReadWrite)
    {
        Name = path;
        _access = access;
        _client = FileSystem.Client;
        _handle = FileSystem.Check(_client.OpenFile(path, mode, access), "open", path);
        if (mode == FileMode.Append)
        {
            _position = Length;
        }
    }

    /// <summary>The path the stream was opened with.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override bool CanRead => _handle != 0 && (_access & FileAccess.Read) != 0;

    /// <inheritdoc/>
    public override bool CanWrite => _handle != 0 && (_access & FileAccess.Write) != 0;

    /// <inheritdoc/>
    public override bool CanSeek => _handle != 0;

    /// <summary>The file's length, asked of the file server (another handle may have changed it).</summary>
    public override long Length => (long)FileSystem.Check(_client.GetLength(Open()), "length of", Name);

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Non-negative number required.");
            }

            _position = value;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(new Span<byte>(buffer, offset, count));

    /// <summary>Reads up to <c>buffer.Length</c> bytes from the position (at most one 4 KiB call); 0 at the end.</summary>
    public override int Read(Span<byte> buffer)
    {
        int want = Math.Min(buffer.Length, FileLimits.MaxTransfer);
        if (want == 0)
        {
            return 0;
        }

        byte[] got = FileSystem.Check(_client.Read(Open(), (ulong)_position, want), "read", Name);
        int n = Math.Min(got.Length, want);
        got.AsSpan(0, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

    /// <summary>Writes every byte of <paramref name="buffer"/> at the position, in 4 KiB calls.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int n = Math.Min(buffer.Length, FileLimits.MaxTransfer);
            FileSystem.Check(_client.Write(Open(), (ulong)_position, buffer.Slice(0, n)), "write", Name);
            _position += n;
            buffer = buffer.Slice(n);
        }
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        long from = origin switch
        {
            SeekOrigin.Begin => 0,
            SeekOrigin.Current => _position,
            SeekOrigin.End => Length,
            _ => throw new ArgumentException("Invalid seek origin.", nameof(origin)),
        };
        long to = from + offset;
        if (to < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = to;
        return to;
    }

    /// <inheritdoc/>
    public override void SetLength(long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Non-negative number required.");
        }

        FileSystem.Check(_client.SetLength(Open(), (ulong)value), "set the length of", Name);
    }

    /// <summary>Nothing is buffered here; each completed Write is durable already. Use <see cref="FileSystem.Sync"/> to flush the device.</summary>
    public override void Flush()
    {
        Open();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_handle != 0)
        {
            ulong h = _handle;
            _handle = 0;
            _client.CloseFile(h);
        }
    }

    private ulong Open() => _handle != 0 ? _handle : throw new ObjectDisposedException(Name, "Cannot access a closed file.");
}
#endif
