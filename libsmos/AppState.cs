// The per-process state of libsmos: pid, root endpoint, console line buffer, args (per thread on the host).
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// Per-process state of libsmos, set once by AppRuntime (on seL4) before the app's Main runs. Apps are single-threaded:
/// nothing here is guarded against a second thread. On the host each simulated process is a thread
/// (HostProcess), so the state is per thread there.
/// </summary>
internal static unsafe class AppState
{
    /// <summary>Pages the heap has taken from the root task (<see cref="Memory.HeapPages"/>).</summary>
#if SMOS_HOST
    [ThreadStatic]
#endif
    public static int HeapPages;

    /// <summary>The start-info page (shared with the root task: read with volatile loads only).</summary>
    [SharedMemory]
#if SMOS_HOST
    [ThreadStatic]
#endif
    public static StartInfo* StartInfo;

#if SMOS_HOST
    [ThreadStatic]
#endif
    public static ulong Pid;

#if SMOS_HOST
    [ThreadStatic]
#endif
    public static ulong RootEndpoint;

    /// <summary>The console's line buffer (<see cref="ProcessAbi.MaxPrintBytes"/> bytes) and how much of it is filled.</summary>
#if SMOS_HOST
    [ThreadStatic]
#endif
    public static byte* Line;

#if SMOS_HOST
    [ThreadStatic]
#endif
    public static int LineLength;

    /// <summary>A private copy of the args blob, and its size and string count.</summary>
#if SMOS_HOST
    [ThreadStatic]
#endif
    public static byte* ArgBlob;

#if SMOS_HOST
    [ThreadStatic]
#endif
    public static int ArgBytes;

#if SMOS_HOST
    [ThreadStatic]
#endif
    public static int ArgCount;
}
