// Entry of the root task: banner, boot-info summary, self-checks on the real kernel, result lines.
using System;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Formats;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask;

public static unsafe class RootTask
{
    private const int BootInfoBytes = 4096;

    [UnmanagedCallersOnly(EntryPoint = "smos_main")]
    private static void Main(nuint bootInfoAddress)
    {
#if SMOS_BENCH
        // The first line: the boot position (reset to here) for `buildsys bench`.
        ulong resetCounter = Bench.Benchmarks.BootCounter();
#endif
        DebugConsole.WriteLine("");
        DebugConsole.WriteLine("SmosSharp root task on seL4 16.0.0 (aarch64, qemu-arm-virt)");

        var bytes = new ReadOnlySpan<byte>((void*)bootInfoAddress, BootInfoBytes);
        BootInfoError error = BootInfo.Parse(bytes, out BootInfoView bootInfo);
        if (error != BootInfoError.Ok)
        {
            Result.Fail("BOOT", BootInfo.Describe(error));
            Result.Done();
            return;
        }

        var context = (ThreadContext*)Heap.TryAllocate((nuint)sizeof(ThreadContext));
        ThreadContexts.InitializeCurrent(context, (nuint)bootInfo.IpcBuffer, InitialCaps.InitThreadTcb);
        BootReport.Print(bootInfo);
#if SMOS_DUMP_BOOTINFO
        BootInfoDump.Print(bootInfoAddress, bootInfo.ExtraLen);
#endif

        RuntimeCheck.Run();
#if SMOS_PANIC_TEST
        PanicTest.Run();
#endif
        KernelCheck.Run(bootInfo);

        // From here on every object comes from the resource managers.
        var slots = new SlotAllocator(bootInfo.Empty.Start, bootInfo.Empty.End);
        var kernel = new Sel4Kernel();
        var untyped = new UntypedManager(kernel, slots, UntypedBlocks);
        for (int i = 0; i < (int)bootInfo.Untyped.Count; i++)
        {
            UntypedDesc d = bootInfo.GetUntyped(i);
            untyped.AddUntyped(bootInfo.Untyped.Start + (ulong)i, d.PAddr, d.SizeBits, d.IsDevice);
        }

        var resources = new RootResources(kernel, untyped, slots);
#if SMOS_BENCH
        Bench.Benchmarks.Run(resources, resetCounter);
#else
        IpcCheck.Run(resources);
        ProcessManager.Run(resources);
#endif
    }

    private const int UntypedBlocks = 2048;
}
