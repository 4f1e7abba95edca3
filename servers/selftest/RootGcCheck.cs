// SMOS-ROOTGC: the root task collects: garbage is reclaimed, a LocalThread's objects survive collections run by the main thread while it waits and ones it runs itself, and none runs inside an IPC-buffer scope.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using Internal.Runtime;
using Smos.RootTask.Platform;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.SelfTest;

internal static unsafe class RootGcCheck
{
    private const int Strings = 2000;
    private const int ChurnObjects = 100_000;

    /// <summary>Shared with the worker thread (read and written with Volatile).</summary>
    private struct Shared
    {
        public ulong Go;
        public ulong Done;
        public ulong Phase;
        public ulong Failures;
        public ulong CollectionsWhileRunning;
    }

    public static void Run(RootResources res)
    {
        string? failure = Check(res, out string detail);
        if (failure is null)
        {
            DebugConsole.WriteLine(detail);
            ResultLine.Pass("ROOTGC");
        }
        else
        {
            ResultLine.Fail("ROOTGC", failure);
        }
    }

    private static string? Check(RootResources res, out string detail)
    {
        detail = "";
        var shared = (Shared*)Heap.TryAllocate((nuint)sizeof(Shared));
        ulong go = res.NewObject(ObjectType.Notification, 0, out _).Index;
        ulong done = res.NewObject(ObjectType.Notification, 0, out _).Index;
        if (shared == null || go == 0 || done == 0)
        {
            return "could not create the notifications";
        }

        shared->Go = go;
        shared->Done = done;

        // The main thread alone first: garbage is reclaimed and a live list survives.
        long collectionsBefore = GC.CollectionCount(0);
        List<string> mine = Numbers(500, "main-");
        Churn();
        GC.Collect();
        long afterMain = GC.GetTotalMemory(true);
        if (!Intact(mine, 500, "main-"))
        {
            return "the main thread's list did not survive its own collections";
        }

        if (GC.CollectionCount(0) <= collectionsBefore + 1)
        {
            return "churning did not make the root task collect by itself";
        }

        // A worker thread builds its list (held only by its stack and registers), then waits while this thread collects.
        if (!LocalThreads.Start(res, &Worker, (ulong)shared, Sel4Config.NumPriorities - 1, RootSlot.None, "gc-worker"u8, out _))
        {
            return "could not start the worker thread";
        }

        new Notification(done).Wait();
        long beforeOthers = GC.CollectionCount(0);
        Churn();
        GC.Collect();
        long whileWaiting = GC.CollectionCount(0) - beforeOthers;
        new Notification(go).Signal();
        new Notification(done).Wait();
        if (Volatile.Read(ref shared->Failures) != 0)
        {
            return Volatile.Read(ref shared->Phase) == 1
                ? "the worker's list did not survive collections run by the main thread while it waited"
                : "the worker's list did not survive the collections it ran itself";
        }

        if (!Intact(mine, 500, "main-"))
        {
            return "the main thread's list did not survive the worker's collections";
        }

        // Inside an IPC-buffer scope the other threads cannot be stopped (that takes invocations): no collection, no stop.
        long outside = GC.CollectionCount(0);
        long inside;
        using (var w = Ipc.Write())
        {
            w.SetMr(0, 1);
            GC.Collect();
            inside = GC.CollectionCount(0);
        }

        GC.Collect();
        if (inside != outside || GC.CollectionCount(0) != outside + 1)
        {
            return "a collection inside an IPC-buffer scope was not skipped, or the one after it did not run";
        }

        GCMemoryInfo info = GC.GetGCMemoryInfo();
        detail = $"  rootgc: {info.Index} collections in the root task; heap {info.HeapSizeBytes / 1024} KiB, " +
            $"{afterMain / 1024} KiB in use after the first churn; a LocalThread's {Strings} strings survived {whileWaiting} " +
            $"collections run while it waited and {Volatile.Read(ref shared->CollectionsWhileRunning)} it ran itself";
        return null;
    }

    [UnmanagedCallersOnly]
    private static void Worker(ulong argument)
    {
        var shared = (Shared*)argument;
        var done = new Notification(shared->Done);
        List<string> list = Numbers(Strings, "worker-");
        done.Signal();
        new Notification(shared->Go).Wait();
        if (!Intact(list, Strings, "worker-"))
        {
            Volatile.Write(ref shared->Phase, 1);
            Volatile.Write(ref shared->Failures, 1);
            done.Signal();
            return;
        }

        long before = GC.CollectionCount(0);
        Churn();
        GC.Collect();
        Volatile.Write(ref shared->CollectionsWhileRunning, (ulong)(GC.CollectionCount(0) - before));
        if (!Intact(list, Strings, "worker-"))
        {
            Volatile.Write(ref shared->Phase, 2);
            Volatile.Write(ref shared->Failures, 1);
        }

        done.Signal();
    }

    private static List<string> Numbers(int count, string prefix)
    {
        var list = new List<string>();
        for (int i = 0; i < count; i++)
        {
            list.Add(prefix + i.ToString());
        }

        return list;
    }

    private static bool Intact(List<string> list, int count, string prefix)
    {
        if (list.Count != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (list[i] != prefix + i.ToString())
            {
                return false;
            }
        }

        return true;
    }

    // Short-lived objects: about 6 MiB of arrays and strings that die at once.
    private static void Churn()
    {
        for (int i = 0; i < ChurnObjects; i++)
        {
            var bytes = new byte[32];
            bytes[0] = (byte)i;
            string s = "x" + (i & 1023).ToString();
            if (bytes[0] != (byte)i || s.Length < 2)
            {
                return;
            }
        }
    }
}
