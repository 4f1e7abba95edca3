// The text of a files List reply: "d NAME\n" and "f LENGTH NAME\n" lines, as many whole lines as fit one transfer.
using System;
using System.Text;

namespace Smos.Services.Files;

/// <summary>
/// Builds the bytes of one <c>List</c> reply (libsmos IFiles.List): entries from a start index, one line each, whole
/// lines only, at most <see cref="Limit"/> bytes. A name too long to fit a reply on its own is skipped (it cannot be
/// listed: FAT names are at most 255 UTF-16 units, 765 UTF-8 bytes, so this never happens with the 4 KiB limit).
/// </summary>
public sealed class ListingText
{
    private readonly byte[] _bytes;
    private int _length;

    /// <summary>A reply of at most <paramref name="limit"/> bytes.</summary>
    public ListingText(int limit)
    {
        _bytes = new byte[limit];
    }

    /// <summary>The most bytes the reply holds.</summary>
    public int Limit => _bytes.Length;

    /// <summary>Appends one entry's line; false (nothing appended) when it does not fit.</summary>
    public bool TryAdd(string name, bool isDirectory, long length)
    {
        string line = isDirectory ? $"d {name}\n" : $"f {length} {name}\n";
        int n = Encoding.UTF8.GetByteCount(line);
        if (_length + n > _bytes.Length)
        {
            return false;
        }

        _length += Encoding.UTF8.GetBytes(line.AsSpan(), _bytes.AsSpan(_length));
        return true;
    }

    /// <summary>The lines so far, as a new array.</summary>
    public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();
}
