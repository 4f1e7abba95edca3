// An array of any length made of 16,384-element pages, so that no single allocation is large (an app's heap grows by
// requests of at most 64 pages: one array of more than 256 KiB cannot be allocated there).
using System;

namespace Smos.Services.Storage;

/// <summary>
/// A fixed-length array of <typeparamref name="T"/> stored as pages of <see cref="PageLength"/> elements, each a separate
/// allocation; elements start as <c>default</c>. FatCheck keeps one entry per cluster in two of them (a 64 MiB volume
/// of 512-byte clusters has 126,992).
/// </summary>
public sealed class PagedArray<T>
{
    /// <summary>Elements per page.</summary>
    public const int PageLength = 16384;

    private readonly T[][] _pages;

    /// <summary>An array of <paramref name="length"/> default elements.</summary>
    public PagedArray(long length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        Length = length;
        _pages = new T[(length + PageLength - 1) / PageLength][];
        for (int p = 0; p < _pages.Length; p++)
        {
            _pages[p] = new T[Math.Min(PageLength, length - ((long)p * PageLength))];
        }
    }

    /// <summary>The number of elements.</summary>
    public long Length { get; }

    /// <summary>Element <paramref name="index"/> (IndexOutOfRangeException outside 0 to Length - 1).</summary>
    public ref T this[long index] => ref _pages[index / PageLength][index % PageLength];
}
