// The root task's own image frames (boot info's userImageFrames): the capability of the frame behind an address of its image.
using Smos.Protocol;

namespace Smos.RootTask.Resources;

/// <summary>
/// The frames the kernel made for the root task's image, one capability per page from the image's first page, in the
/// slots boot info's <c>userImageFrames</c> names. A read-only copy of one can be mapped into a process: the spawner
/// maps an app's read-only ELF pages this way, straight from the apps archive linked into the image, instead of
/// copying them into new frames. <see cref="None"/> knows no frames (every lookup fails, so pages are copied).
/// </summary>
internal sealed unsafe class ImageFrames
{
    private readonly ulong _start;
    private readonly RootSlot _first;
    private readonly ulong _count;

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
