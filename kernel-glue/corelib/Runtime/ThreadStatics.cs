// [ThreadStatic] fields: ILC's helpers for the per-thread object that holds them (the ThreadStaticRegion of the module).
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

/// <summary>
/// ILC compiles every <c>[ThreadStatic]</c> field of a program as a field of one per-thread object ("inlined thread
/// statics"): generated code reads the first word of the thread-local variable <c>tls_InlinedThreadStatics</c>
/// (TPIDR_EL0 + 16, kernel-glue's ThreadContext.ThreadLocalBlock) and, while it is null, calls
/// <see cref="GetInlinedThreadStaticBaseSlow"/> with a reference to it. That object's type is the first MethodTable of
/// the module's ThreadStaticRegion section; it is an ordinary heap object, kept alive by the thread context (a raw heap
/// block, which the collector scans as a root). Names and shapes are ILC's contract.
/// </summary>
internal static unsafe class ThreadStatics
{
    private const uint ReadyToRunSignature = 0x00525452; // "RTR"
    private const int ThreadStaticRegionSection = 202;

    /// <summary>The first access to a thread static on this thread: makes the thread's storage object.</summary>
    internal static object GetInlinedThreadStaticBaseSlow(ref object? threadStorage)
    {
        object storage = Heap.NewObject(StorageType(0));
        threadStorage = storage;
        return storage;
    }

    /// <summary>Thread statics outside the inlined block (other modules, or types ILC does not inline): not supported.</summary>
    internal static object GetThreadStaticBaseForType(void* moduleData, int typeTlsIndex)
    {
        Panic.Fail("this [ThreadStatic] field is outside the program's inlined thread statics, which SmosSharp does not support"u8);
        return null!;
    }

    // Entry `index` of the ThreadStaticRegion of the program's module: the MethodTable of a thread-statics object.
    private static MethodTable* StorageType(int index)
    {
        nint* start;
        nint* end;
        ModulesBounds(&start, &end);
        for (nint* module = start; module < end; module++)
        {
            byte* header = (byte*)*module;
            if (header == null || *(uint*)header != ReadyToRunSignature)
            {
                continue;
            }

            int sectionCount = *(ushort*)(header + 12);
            int entrySize = header[14];
            for (int i = 0; i < sectionCount; i++)
            {
                byte* entry = header + 16 + (i * entrySize);
                if (*(int*)entry == ThreadStaticRegionSection)
                {
                    nint* region = *(nint**)(entry + 8);
                    nint* regionEnd = *(nint**)(entry + 16);
                    if (index < regionEnd - region)
                    {
                        return (MethodTable*)region[index];
                    }
                }
            }
        }

        Panic.Fail("[ThreadStatic]: the module has no ThreadStaticRegion entry for the thread's statics"u8);
        return null;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_modules_bounds")]
    private static extern void ModulesBounds(nint** start, nint** end);
}
