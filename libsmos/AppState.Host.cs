// The per-process state of libsmos on the host: the same names as AppState.Target.cs, reaching the simulated process of the calling thread.
#if SMOS_HOST
using System;
using Smos.Protocol;

namespace Smos.Lib;

/// <summary>
/// Per-process state of libsmos on the host: each simulated process (<see cref="HostProcess"/>) keeps its own, and these
/// are references into the one the calling thread is attached to, so two simulated processes never share a console
/// line, args, capability slots or mapping addresses, and a process keeps its state from one thread to the next.
/// </summary>
internal static unsafe class AppState
{
    private static HostProcess P => HostProcess.Current
        ?? throw new InvalidOperationException("libsmos was called on a thread that is not a simulated process (HostProcess.Attach)");

    public static ref int HeapPages => ref P.HeapPages;

    public static ref RootError HeapRefusal => ref P.HeapRefusal;

    public static ref StartInfo* StartInfo => ref P.StartInfo;

    public static ref ulong Pid => ref P.Pid;

    public static ref ulong RootEndpoint => ref P.RootEndpoint;

    public static ref byte* Line => ref P.Line;

    public static ref int LineLength => ref P.LineLength;

    public static ref byte* ArgBlob => ref P.ArgBlob;

    public static ref int ArgBytes => ref P.ArgBytes;

    public static ref int ArgCount => ref P.ArgCount;

    public static ref string? Name => ref P.Name;

    public static ref ulong[]? SlotWords => ref P.SlotWords;

    public static ref ulong HeldCNodes => ref P.HeldCNodes;

    public static ref int SlotHint => ref P.SlotHint;

    public static ref int SlotsTaken => ref P.SlotsTaken;

    public static ref ulong NextBuffer => ref P.NextBuffer;

    public static ref ulong NextShared => ref P.NextShared;

    public static ref ulong TimerEndpoint => ref P.TimerEndpoint;

    public static ref ulong TimedWaitExpiries => ref P.TimedWaitExpiries;

    public static ref ulong ConsoleEndpoint => ref P.ConsoleEndpoint;
}
#endif
