// The part of app start-up shared by seL4 and the host: how the heap grows with pages from the root task and gives them back (the entry point is AppRuntime.Target.cs).
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The C# half of an app's start: kernel-glue/arch/aarch64/app_start.S zeroes .bss and sets up the module statics, then
/// calls <c>smos_app_start</c> with the start-info page, which calls the app's <c>Main</c> (an ordinary
/// <c>static int Main(string[] args)</c>, <c>void Main()</c> or top-level statements in an Exe project: ILC's
/// <c>__managed__Main</c>). Its return value is the exit code (<see cref="Process.Exit"/>). When the heap's .bss part is used up it grows
/// with pages from the root task (<see cref="HeapGrowthPages"/> at a time), and a collection may give a grown chunk it
/// left wholly free back. The entry is seL4's only (AppRuntime.Target.cs); the heap's grower and releaser are shared
/// with the host build, whose tests call them.
/// </summary>
public static unsafe partial class AppRuntime
{
    /// <summary>Pages the heap grows by when its .bss part (kernel-glue/arch/aarch64/app.ld) is used up.</summary>
    public const int HeapGrowthPages = 16;

    // The heap's grower: zeroed pages from the root task (Alloc, in the heap region, within the 256-page quota),
    // 16 at a time or what one allocation needs (at most 64); when the quota cannot give 16, exactly what is needed.
    // It runs inside an allocation: it must not allocate (RootCall does not), and it fails (a panic for the
    // allocation) if an IPC-buffer scope is open, because the request is a system call. On the host the heap is the
    // host's, so only host tests call it (as the runtime's heap would).
    internal static nint GrowHeap(nuint minBytes, nuint* chunkBytes)
    {
        int needed = (int)((minBytes + ProcessAbi.PageSize - 1) / ProcessAbi.PageSize);
        if (needed > 64)
        {
            *chunkBytes = 0;
            return 0;
        }

        int pages = needed > HeapGrowthPages ? needed : HeapGrowthPages;
        RootError e = Memory.AllocPages(pages, out nuint at);
        if (e == RootError.NoMemory && pages > needed)
        {
            pages = needed;
            e = Memory.AllocPages(pages, out at);
        }

        if (e != RootError.Ok)
        {
            *chunkBytes = 0;
            return 0;
        }

        AppState.HeapPages += pages;
        *chunkBytes = (nuint)pages * (nuint)ProcessAbi.PageSize;
        return (nint)at;
    }

    // The heap's releaser: a chunk the grower returned (so exactly one Alloc grant) goes back with Free. It runs inside a
    // collection, which may run inside an allocation: it must not allocate (RootCall does not). The grower makes its
    // request whatever the scopes and so stops the thread when an IPC-buffer scope is open; giving back can wait, so the
    // releaser checks first and, inside a scope, keeps the chunk (the heap then tries no other chunk this collection).
    internal static bool ReleaseHeap(nint start, nuint bytes)
    {
        if (IpcGuard.TryEnterSystemCall(out _) != IpcViolation.None)
        {
            return false;
        }

        int pages = (int)(bytes / ProcessAbi.PageSize);
        if (Memory.FreePages((nuint)start, pages) != RootError.Ok)
        {
            return false;
        }

        AppState.HeapPages -= pages;
        return true;
    }
}
