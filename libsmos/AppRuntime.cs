// App start-up: checks the start-info page, sets up the thread context, copies the args, runs the app's Main, exits.
#if !SMOS_HOST
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// The C# half of an app's start: kernel-glue/arch/aarch64/app_start.S zeroes .bss and sets up the module statics, then
/// calls <c>smos_app_start</c> with the start-info page. Every app defines the entry this calls:
/// <code>[UnmanagedCallersOnly(EntryPoint = "smos_app_main")] static int Main()</code>
/// Its return value is the exit code (<see cref="Process.Exit"/>).
/// </summary>
public static unsafe class AppRuntime
{
    [UnmanagedCallersOnly(EntryPoint = "smos_app_start")]
    private static void Start([SharedMemory] nuint startInfoAddress)
    {
        var info = (StartInfo*)startInfoAddress;
        if (info == null || VolatileAccess.Read(&info->Magic) != ProcessAbi.StartInfoMagic)
        {
            Panic.Fail("app start: the start-info page has no SMOS version 1 magic");
        }

        ulong ipcBuffer = VolatileAccess.Read(&info->IpcBuffer);
        if (ipcBuffer == 0 || (ipcBuffer & (ProcessAbi.PageSize - 1)) != 0)
        {
            Panic.Fail("app start: the start-info page names no page-aligned IPC buffer");
        }

        var context = (ThreadContext*)Heap.TryAllocate((nuint)sizeof(ThreadContext));
        byte* line = Heap.TryAllocate(ProcessAbi.MaxPrintBytes);
        if (context == null || line == null)
        {
            Panic.Fail("app start: the heap is too small for the thread context and console buffer");
        }

        ThreadContexts.InitializeCurrent(context, (nuint)ipcBuffer, VolatileAccess.Read(&info->SelfTcb));
        Heap.SetGrower(&GrowHeap);
        AppState.StartInfo = info;
        AppState.Pid = VolatileAccess.Read(&info->Pid);
        AppState.RootEndpoint = VolatileAccess.Read(&info->RootEndpoint);

        // From here on a panic is the process's last words to the root task, which reports and ends the process.
        Panic.SetLastWords(&SendLastWords);
        AppState.Line = line;
        AppState.LineLength = 0;
        if (!Args.Load(info))
        {
            Panic.Fail("app start: the args blob in the start-info page is malformed");
        }

        int code = AppMain();
        Process.Exit(code);
    }

    // The panic hook: the text and code address as a Panic request, sent outside any scope (the panic may be a broken
    // scope rule, or the heap may be exhausted: nothing here allocates). The root task never answers it.
    private static void SendLastWords(byte* text, int length, nuint pc)
    {
        int n = length < ProcessAbi.MaxPanicBytes ? length : ProcessAbi.MaxPanicBytes;
        Span<ulong> m = stackalloc ulong[2 + ((ProcessAbi.MaxPanicBytes + 7) / 8)];
        int words = PanicRequest.Encode(pc, new ReadOnlySpan<byte>(text, n), m);
        LastWords.Send(AppState.RootEndpoint, (ulong)RootRequest.Panic, m.Slice(0, words));
        while (true)
        {
            Platform.Halt(); // an app cannot suspend itself: this faults, and the root task ends the process
        }
    }

    /// <summary>Pages the heap grows by when its .bss part (kernel-glue/arch/aarch64/app.ld) is used up.</summary>
    public const int HeapGrowthPages = 16;

    // The heap's grower: zeroed pages from the root task (Alloc, the 0x1000_0000 region, within the 256-page quota),
    // 16 at a time or what one allocation needs (at most 64); when the quota cannot give 16, exactly what is needed.
    // It runs inside an allocation: it must not allocate (RootCall does not), and it fails (a panic for the
    // allocation) if an IPC-buffer scope is open, because the request is a system call.
    private static nint GrowHeap(nuint minBytes, nuint* chunkBytes)
    {
        int needed = (int)((minBytes + ProcessAbi.PageSize - 1) / ProcessAbi.PageSize);
        if (needed > 64)
        {
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

    /// <summary>The app's entry: <c>[UnmanagedCallersOnly(EntryPoint = "smos_app_main")] static int Main()</c>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_app_main")]
    private static extern int AppMain();
}
#endif
