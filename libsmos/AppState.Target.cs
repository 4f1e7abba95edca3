// The per-process state of libsmos on seL4: static fields of the app (one process, one thread); the host half is AppState.Host.cs.
#if SMOS_TARGET
using System;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib;

/// <summary>
/// Per-process state of libsmos, set once by AppRuntime before the app's Main runs. Apps are single-threaded: nothing
/// here is guarded against a second thread. On the host (AppState.Host.cs) the same names reach the state of the
/// simulated process the calling thread runs (HostProcess).
/// </summary>
internal static unsafe class AppState
{
    /// <summary>Pages the heap holds from the root task: taken with Alloc, less those given back with Free (<see cref="Memory.HeapPages"/>).</summary>
    public static int HeapPages;

    /// <summary>The root task's answer to the heap's last refused growth (what an OutOfMemoryException names).</summary>
    public static RootError HeapRefusal;

    /// <summary>The start-info page (shared with the root task: read with volatile loads only).</summary>
    [SharedMemory]
    public static StartInfo* StartInfo;

    public static ulong Pid;

    public static ulong RootEndpoint;

    /// <summary>The console's line buffer (<see cref="ProcessAbi.MaxPrintBytes"/> bytes) and how much of it is filled.</summary>
    public static byte* Line;

    public static int LineLength;

    /// <summary>A private copy of the args blob, and its size and string count.</summary>
    public static byte* ArgBlob;

    public static int ArgBytes;

    public static int ArgCount;

    /// <summary>Arg 0 as a string, once <see cref="Args.Name"/> has made it.</summary>
    public static string? Name;

    /// <summary>
    /// The slot bitmap of <see cref="CapSpace"/> (bit s of word 4k + s/64: slot s of CNode k taken), null until first
    /// used; the CNodes held (bit k: CNode k); the first word that may have a free bit; the slots taken.
    /// </summary>
    public static ulong[]? SlotWords;

    public static ulong HeldCNodes = 1;

    public static int SlotHint;

    public static int SlotsTaken;

    /// <summary>Where the next notification buffer and the next shared page go (Connections.Publish, Connections.Share).</summary>
    public static ulong NextBuffer = Connections.BufferBase;

    public static ulong NextShared = Connections.SharedBase;

    /// <summary>The endpoint of libsmos's connection to the timer server (<see cref="Clock"/>), 0 until first used.</summary>
    public static ulong TimerEndpoint;

    /// <summary>Expiries of Notifications.Wait(TimeSpan)'s own timers, taken out of what Clock.Fired reports.</summary>
    public static ulong TimedWaitExpiries;

    /// <summary>The endpoint of libsmos's connection to the console server (<see cref="Terminal"/>), 0 until first used.</summary>
    public static ulong ConsoleEndpoint;
}
#endif
