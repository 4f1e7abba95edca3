// App start-up on seL4: checks the start-info page, sets up the thread context, copies the args, runs the app's Main, exits.
#if SMOS_TARGET
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

public static unsafe partial class AppRuntime
{
    [UnmanagedCallersOnly(EntryPoint = "smos_app_start")]
    private static void Start([SharedMemory] nuint startInfoAddress)
    {
        var info = (StartInfo*)startInfoAddress;
        if (info == null || VolatileAccess.Read(&info->Magic) != ProcessAbi.StartInfoMagic)
        {
            Panic.Fail("app start: the start-info page has no SMOS version 1 magic"u8);
        }

        ulong ipcBuffer = VolatileAccess.Read(&info->IpcBuffer);
        if (ipcBuffer == 0 || (ipcBuffer & (ProcessAbi.PageSize - 1)) != 0)
        {
            Panic.Fail("app start: the start-info page names no page-aligned IPC buffer"u8);
        }

        var context = (ThreadContext*)Heap.TryAllocate((nuint)sizeof(ThreadContext));
        byte* line = Heap.TryAllocate(ProcessAbi.MaxPrintBytes);
        if (context == null || line == null)
        {
            Panic.Fail("app start: the heap is too small for the thread context and console buffer"u8);
        }

        ThreadContexts.InitializeCurrent(context, (nuint)ipcBuffer, VolatileAccess.Read(&info->SelfTcb));
        Heap.SetGrower(&GrowHeap);
        Heap.SetReleaser(&ReleaseHeap);
        Heap.SetOutOfMemoryDescriber(&DescribeHeapFailure);
        Heap.EnableCollection(unchecked((nint)ProcessAbi.StackTop));
        AppState.StartInfo = info;
        AppState.Pid = VolatileAccess.Read(&info->Pid);
        AppState.RootEndpoint = VolatileAccess.Read(&info->RootEndpoint);

        // From here on a panic is the process's last words to the root task, which reports and ends the process.
        Panic.SetLastWords(&SendLastWords);
        AppState.Line = line;
        AppState.LineLength = 0;
        ConsoleOutput.SetHooks(&AppConsole.WriteHook, &AppConsole.FlushHook); // System.Console writes into the line buffer
        ConsoleInput.SetHook(&Terminal.ReadHook); // System.Console.ReadLine/ReadKey ask the console server
        if (!Args.Load(info))
        {
            Panic.Fail("app start: the args blob in the start-info page is malformed"u8);
        }

        ProcessHooks.Set(&ExitHook, AppState.Pid);
        byte** argv = ArgVector(out int argc);
        int code = AppEntry(argc, argv);
        Process.Exit(code);
    }

    // The panic hook: the text, code address and (an uncaught exception) type and callers as a Panic request, sent
    // outside any scope (the panic may be a broken scope rule, or the heap may be exhausted: nothing here allocates).
    // The root task never answers it.
    private static void SendLastWords(Panic.LastWords* words)
    {
        int n = words->Length < ProcessAbi.MaxPanicBytes ? words->Length : ProcessAbi.MaxPanicBytes;
        int frames = words->FrameCount < ProcessAbi.MaxPanicFrames ? words->FrameCount : ProcessAbi.MaxPanicFrames;
        Span<ulong> m = stackalloc ulong[4 + ProcessAbi.MaxPanicFrames + ((ProcessAbi.MaxPanicBytes + 7) / 8)];
        int length = RootTaskProtocol.EncodePanic(
            words->Pc, (ulong)words->ExceptionType, new ReadOnlySpan<ulong>((ulong*)words->Frames, frames), new ReadOnlySpan<byte>(words->Text, n), m);
        LastWords.Send(AppState.RootEndpoint, (ulong)RootRequest.Panic, m.Slice(0, length));
        while (true)
        {
            Platform.Halt(); // an app cannot suspend itself: this faults, and the root task ends the process
        }
    }

    private static void ExitHook(int code) => Process.Exit(code);

    // argv for the app's Main: pointers into the private copy of the args blob (NUL-separated UTF-8), name first.
    private static byte** ArgVector(out int argc)
    {
        argc = Args.Count;
        var argv = (byte**)Heap.TryAllocate((nuint)((argc + 1) * sizeof(nint)));
        if (argv == null)
        {
            Panic.Fail("app start: no memory for the argument vector"u8);
        }

        byte* p = AppState.ArgBlob;
        for (int i = 0; i < argc; i++)
        {
            argv[i] = p;
            while (*p != 0)
            {
                p++;
            }

            p++;
        }

        return argv;
    }

    /// <summary>
    /// The app's entry (app_start.S): an ordinary <c>Main</c> (ILC's <c>__managed__Main</c>, in an Exe project) or
    /// <c>[UnmanagedCallersOnly(EntryPoint = "smos_app_main")] static int Main()</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_app_entry")]
    private static extern int AppEntry(int argc, byte** argv);

    [UnmanagedCallersOnly(EntryPoint = "smos_no_app_entry")]
    private static int NoEntry()
    {
        Panic.Fail("app start: the app has no Main: write static int Main(string[] args) in an Exe project (<OutputType>Exe</OutputType>)"u8);
        return -1;
    }
}
#endif
