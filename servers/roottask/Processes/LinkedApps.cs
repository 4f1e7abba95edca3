// The apps archive buildsys links into the root task image (between the symbols smos_apps_start and smos_apps_end).
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Smos.RootTask.Processes;

internal static unsafe class LinkedApps
{
    /// <summary>The archive linked into this image (empty when the image has none).</summary>
    public static AppArchive Open()
    {
        byte* start;
        byte* end;
        AppsBounds(&start, &end);
        return new AppArchive(start, (int)(end - start));
    }

    /// <summary>The address of the root task's first page (roottask.ld's <c>__image_start</c>): the kernel's image frame 0.</summary>
    public static ulong ImageStart() => (ulong)ImageStartAddress();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_image_start")]
    private static extern byte* ImageStartAddress();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_apps_bounds")]
    private static extern void AppsBounds(byte** start, byte** end);
}
