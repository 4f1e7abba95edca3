// The root task's heap once it has several threads: a lock around allocation, and the other threads stopped with their registers saved during a collection.
using System.Threading;
using Internal.Runtime;
using Internal.Runtime.Gc;
using Smos.Sel4;

namespace Smos.RootTask.Platform;

/// <summary>
/// The runtime's threads hook (<see cref="Heap.EnableThreads"/>) for the root task. Its threads (the main one and each
/// LocalThread) share one heap, so:
/// <list type="bullet">
/// <item>every allocation and collection holds a lock (the owner's thread context; a waiter yields, so threads that
/// allocate must run at the same priority, the root task's 255, as every LocalThread here does);</item>
/// <item>a collection first stops the other threads by lowering them to priority 0, below the collector (seL4 runs the
/// collector alone: this kernel has one core and the collector does not block), and reads each one's registers into
/// this registry, which is a raw heap block and so scanned as a root, like the threads' stacks (raw blocks too); after
/// the sweep it gives each its priority back. Inside an IPC-buffer scope nothing can be stopped (that takes
/// invocations): the collection is skipped. Lowering a priority, unlike Suspend, leaves a thread's IPC alone: a
/// thread waiting for a reply still gets it.</item>
/// </list>
/// </summary>
internal static unsafe class HeapThreads
{
    /// <summary>The threads the registry holds, the main one included.</summary>
    public const int MaxThreads = 16;

    private const ulong StoppedPriority = 0;

    private static ThreadRegistry* s_registry;

    private struct ThreadRegistry
    {
        public nint Owner;
        public long Depth;
        public int Count;
    }

    private struct ThreadRecord
    {
        public ulong Tcb;
        public ulong Priority;
        public UserContext Registers;
    }

    /// <summary>
    /// Adds a thread about to start (the first call also adds the main thread and switches the heap to locked
    /// allocation); false when the registry is full.
    /// </summary>
    public static bool Register(ulong tcb, ulong priority)
    {
        ThreadRegistry* r = s_registry;
        if (r == null)
        {
            r = (ThreadRegistry*)Heap.TryAllocate((nuint)(sizeof(ThreadRegistry) + (MaxThreads * sizeof(ThreadRecord))));
            if (r == null)
            {
                return false;
            }

            Records(r)[0].Tcb = InitialCaps.InitThreadTcb;
            Records(r)[0].Priority = Sel4Config.NumPriorities - 1;
            r->Count = 1;
            s_registry = r;
            Heap.EnableThreads(&Hook);
        }

        if (r->Count == MaxThreads)
        {
            return false;
        }

        Hook(ThreadsOp.Lock);
        ThreadRecord* e = Records(r) + r->Count;
        e->Tcb = tcb;
        e->Priority = priority;
        r->Count++;
        Hook(ThreadsOp.Unlock);
        return true;
    }

    private static ThreadRecord* Records(ThreadRegistry* r) => (ThreadRecord*)(r + 1);

    private static bool Hook(int op)
    {
        ThreadRegistry* r = s_registry;
        nint me = (nint)ThreadContexts.Current;
        switch (op)
        {
            case ThreadsOp.Lock:
                if (Volatile.Read(ref r->Owner) == me)
                {
                    r->Depth++;
                    return true;
                }

                while (Interlocked.CompareExchange(ref r->Owner, me, 0) != 0)
                {
                    Scheduler.Yield();
                }

                r->Depth = 1;
                return true;
            case ThreadsOp.Unlock:
                if (--r->Depth == 0)
                {
                    Volatile.Write(ref r->Owner, 0);
                }

                return true;
            case ThreadsOp.StopOthers:
                // Stopping takes invocations, which an open IPC-buffer scope on this thread forbids: no collection then.
                if (IpcGuard.TryEnterSystemCall(out _) != IpcViolation.None)
                {
                    return false;
                }

                StopOthers(r, ThreadContexts.Current->TcbCptr);
                return true;
            case ThreadsOp.StartOthers:
                StartOthers(r, ThreadContexts.Current->TcbCptr);
                return true;
        }

        return false;
    }

    private static void StopOthers(ThreadRegistry* r, ulong self)
    {
        var authority = new Tcb(InitialCaps.InitThreadTcb);
        for (int i = 0; i < r->Count; i++)
        {
            ThreadRecord* e = Records(r) + i;
            if (e->Tcb != self)
            {
                var tcb = new Tcb(e->Tcb);
                tcb.SetPriority(authority, StoppedPriority);
                if (!tcb.ReadRegisters(suspend: false, out e->Registers).IsOk)
                {
                    e->Registers = default;
                }
            }
        }
    }

    private static void StartOthers(ThreadRegistry* r, ulong self)
    {
        var authority = new Tcb(InitialCaps.InitThreadTcb);
        for (int i = 0; i < r->Count; i++)
        {
            ThreadRecord* e = Records(r) + i;
            if (e->Tcb != self)
            {
                e->Registers = default; // no stale roots until the next collection
                new Tcb(e->Tcb).SetPriority(authority, e->Priority);
            }
        }
    }
}
