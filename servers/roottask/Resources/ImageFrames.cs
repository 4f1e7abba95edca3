// The root task's own image frames (boot info's userImageFrames): the capability of the frame behind an address of its image.
using Smos.Protocol;

namespace Smos.RootTask.Resources;

/// <summary>
/// The frames the kernel made for the root task's image, one capability per page from the image's first page, in the
/// slots boot info's <c>userImageFrames</c> names. A read-only copy of one can be mapped into a process: the spawner
/// maps an app's read-only ELF pages this way, straight from the apps archive linked into the image, instead of
/// copying them into new frames. <see cref="None"/> knows no frames (every lookup fails, so pages are copied).
/// It also keeps, per frame, one spare copy: an unmapped read-only copy a process left when it ended, which the next
/// spawn of the app maps instead of making a copy (a copy and its deletion cost the kernel about 2,200 instructions, an
/// unmap about 600: docs/performance.md, "Session 23"). The spares hold root slots until <see cref="TakeAllSpares"/>.
/// </summary>
internal sealed unsafe class ImageFrames
{
    private readonly ulong _start;
    private readonly RootSlot _first;
    private readonly ulong _count;
    private RootSlot[]? _spare; // per frame, made at the first spare kept
    private int _spares;

    /// <param name="imageStart">The address of the image's first page (the kernel's frame 0).</param>
    /// <param name="first">The slot of frame 0.</param>
    /// <param name="count">The frames: the image's pages.</param>
    public ImageFrames(ulong imageStart, RootSlot first, ulong count)
    {
        _start = imageStart;
        _first = first;
        _count = (imageStart & (ProcessAbi.PageSize - 1)) == 0 ? count : 0;
    }

    /// <summary>No frames: the host tests' default, and a root task that does not share its pages.</summary>
    public static ImageFrames None { get; } = new(0, RootSlot.None, 0);

    /// <summary>Spare copies held (each one root slot).</summary>
    public int SpareCount => _spares;

    /// <summary>The spare copy of <paramref name="frame"/> (an image frame from <see cref="TryFrame"/>), now the caller's; None when it has none.</summary>
    public RootSlot TakeSpare(RootSlot frame)
    {
        ulong i = frame.Index - _first.Index;
        if (_spare is null || i >= _count || _spare[i].IsNone)
        {
            return RootSlot.None;
        }

        RootSlot copy = _spare[i];
        _spare[i] = RootSlot.None;
        _spares--;
        return copy;
    }

    /// <summary>True when <paramref name="frame"/> has room for a spare copy (it has none yet).</summary>
    public bool CanKeepSpare(RootSlot frame)
    {
        ulong i = frame.Index - _first.Index;
        return i < _count && (_spare is null || _spare[i].IsNone);
    }

    /// <summary>
    /// Keeps <paramref name="copy"/>, an unmapped read-only copy of <paramref name="frame"/>, as its spare (after
    /// <see cref="CanKeepSpare"/>); false, keeping nothing, when the frame has one or the array cannot be made.
    /// </summary>
    public bool KeepSpare(RootSlot frame, RootSlot copy)
    {
        ulong i = frame.Index - _first.Index;
        if (!CanKeepSpare(frame) || copy.IsNone)
        {
            return false;
        }

        try
        {
            _spare ??= new RootSlot[_count]; // all None (slot 0)
        }
        catch (System.OutOfMemoryException)
        {
            return false;
        }

        _spare[i] = copy;
        _spares++;
        return true;
    }

    /// <summary>Every spare copy, now the caller's to delete (<paramref name="copies"/> has room for <see cref="SpareCount"/>); the count taken.</summary>
    public int TakeAllSpares(System.Span<RootSlot> copies)
    {
        int n = 0;
        for (ulong i = 0; _spare is not null && i < _count && n < copies.Length; i++)
        {
            if (_spare[i].IsSome)
            {
                copies[n++] = _spare[i];
                _spare[i] = RootSlot.None;
                _spares--;
            }
        }

        return n;
    }

    /// <summary>The slot of the frame whose page starts at <paramref name="address"/>; false for an address that is not the start of a page of the image.</summary>
    public bool TryFrame(void* address, out RootSlot frame)
    {
        ulong a = (ulong)address;
        ulong page = (a - _start) / ProcessAbi.PageSize;
        if ((a & (ProcessAbi.PageSize - 1)) != 0 || a < _start || page >= _count)
        {
            frame = RootSlot.None;
            return false;
        }

        frame = _first.Plus((int)page);
        return true;
    }
}
