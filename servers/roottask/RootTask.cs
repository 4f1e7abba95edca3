// Entry of the root task: banner, boot-info summary, self-checks on the real kernel, result lines.
using System;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Formats;
using Smos.Sel4;

namespace Smos.RootTask;

public static unsafe class RootTask
{
    private const int BootInfoBytes = 4096;

    [UnmanagedCallersOnly(EntryPoint = "smos_main")]
    private static void Main(nuint bootInfoAddress)
    {
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
        if (RootResources.Create(bootInfo, out RootResources resources))
        {
            IpcCheck.Run(ref resources);
        }
        else
        {
            Result.Fail("IPC", "no RAM untyped of at least 1 MiB for the test threads");
        }

        Result.Done();
    }
}

/// <summary>Machine-readable result lines that `buildsys test` reads (docs/testing.md).</summary>
internal static class Result
{
    public static void Pass(string name)
    {
        DebugConsole.Write("SMOS-");
        DebugConsole.Write(name);
        DebugConsole.WriteLine(": PASS");
    }

    public static void Fail(string name, string reason)
    {
        DebugConsole.Write("SMOS-");
        DebugConsole.Write(name);
        DebugConsole.Write(": FAIL ");
        DebugConsole.WriteLine(reason);
    }

    public static void Done() => DebugConsole.WriteLine("SMOS-DONE");
}
