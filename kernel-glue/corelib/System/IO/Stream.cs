// System.IO.Stream: the shape of .NET's byte stream (Read/Write/Seek/Length/Position/Flush/CopyTo/Dispose), synchronous only.
namespace System.IO;

/// <summary>
/// A sequence of bytes with a position, as .NET's: derived classes implement the abstract members (libsmos's
/// <c>Smos.Lib.IO.FileStream</c> is one). Only the synchronous members exist (no async, no timeouts, no BeginRead).
/// </summary>
public abstract class Stream : IDisposable
{
    /// <summary>True if the stream can be read.</summary>
    public abstract bool CanRead { get; }

    /// <summary>True if the stream can be written.</summary>
    public abstract bool CanWrite { get; }

    /// <summary>True if <see cref="Seek"/>, <see cref="Position"/> and <see cref="Length"/> work.</summary>
    public abstract bool CanSeek { get; }

    /// <summary>The length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>The position of the next read or write.</summary>
    public abstract long Position { get; set; }

    /// <summary>Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/> at <paramref name="offset"/>; 0 at the end.</summary>
    public abstract int Read(byte[] buffer, int offset, int count);

    /// <summary>Writes <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
    public abstract void Write(byte[] buffer, int offset, int count);

    /// <summary>Moves the position; returns the new one.</summary>
    public abstract long Seek(long offset, SeekOrigin origin);

    /// <summary>Sets the length (cuts or grows with zeros).</summary>
    public abstract void SetLength(long value);

    /// <summary>Writes out what is buffered.</summary>
    public abstract void Flush();

    /// <summary>Reads up to <c>buffer.Length</c> bytes; 0 at the end. The default copies through an array.</summary>
    public virtual int Read(Span<byte> buffer)
    {
        byte[] bytes = new byte[buffer.Length];
        int n = Read(bytes, 0, bytes.Length);
        bytes.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    /// <summary>Writes <paramref name="buffer"/>. The default copies through an array.</summary>
    public virtual void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    /// <summary>One byte, or -1 at the end.</summary>
    public virtual int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <summary>Writes one byte.</summary>
    public virtual void WriteByte(byte value)
    {
        Span<byte> one = stackalloc byte[1];
        one[0] = value;
        Write(one);
    }

    /// <summary>Reads exactly <c>buffer.Length</c> bytes; <see cref="EndOfStreamException"/> if the stream ends first.</summary>
    public void ReadExactly(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = Read(buffer.Slice(done));
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            done += n;
        }
    }

    /// <summary>Copies the rest of this stream into <paramref name="destination"/>, <paramref name="bufferSize"/> bytes at a time.</summary>
    public virtual void CopyTo(Stream destination, int bufferSize = 4096)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = Read(buffer, 0, buffer.Length)) > 0)
        {
            destination.Write(buffer, 0, n);
        }
    }

    /// <summary>Flushes and releases the stream (as <see cref="Dispose()"/>).</summary>
    public virtual void Close() => Dispose();

    /// <summary>Releases the stream.</summary>
    public void Dispose()
    {
        Dispose(true);
    }

    /// <summary>Releases what the stream holds; <paramref name="disposing"/> is true from <see cref="Dispose()"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
