// Entry of the self-test root task (`buildsys test` and `bench` images): the product's boot with checks between its steps, then demos or benchmarks.
using System.Runtime.InteropServices;
using Smos.Formats;
using Smos.RootTask.Front;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;

namespace Smos.RootTask.SelfTest;

/// <summary>
/// The same boot as the product (<see cref="RootTask.Begin"/>, <see cref="RootTask.TakeResources"/>) with SMOS-RUNTIME,
/// the panic test (SMOS_PANIC_TEST), SMOS-BOOT, SMOS-IPC, SMOS-ROOTGC and SMOS-CSPACE checks, then the process server with <see cref="BootScript"/>
/// (init list, demos, soak) or, with SMOS_BENCH, the benchmark rows.
/// </summary>
public static class SelfTestMain
{
    [UnmanagedCallersOnly(EntryPoint = "smos_main")]
    private static void Main(nuint bootInfoAddress)
    {
#if SMOS_BENCH
        // The first line: the boot position (reset to here) for `buildsys bench`.
        ulong resetCounter = Bench.Benchmarks.BootCounter();
#endif
        if (!RootTask.Begin(bootInfoAddress, out BootInfoView bootInfo))
        {
            return;
        }

#if SMOS_DUMP_BOOTINFO
        BootInfoDump.Print(bootInfoAddress, bootInfo.ExtraLen);
#endif
        RuntimeCheck.Run();
#if SMOS_PANIC_TEST
        PanicTest.Run();
#endif
        KernelCheck.Run(bootInfo);
        RootResources resources = RootTask.TakeResources(bootInfo);
#if SMOS_BENCH
        Bench.Benchmarks.Run(resources, resetCounter);
#else
        IpcCheck.Run(resources);
        RootGcCheck.Run(resources);
        CSpaceCheck.Run(resources);
        RootServices? server = RootServices.Start(resources, out string? problem);
        if (server is null)
        {
            ResultLine.Fail("PROC", problem!);
            ResultLine.Done();
            return;
        }

        server.Serve(new BootScript(server.Spawner, server.Dispatcher, resources.Untyped, resources.Slots, resources.Mapper));
#endif
    }
}
