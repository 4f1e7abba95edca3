// Entry of the root task: banner, boot-info summary, resource managers, then the init list and the process server.
using System;
using System.Runtime.InteropServices;
using Internal.Runtime;
using Smos.Formats;
using Smos.RootTask.Front;
using Smos.RootTask.Platform;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask;

/// <summary>
/// The boot steps every root-task image shares (<see cref="Begin"/>, <see cref="TakeResources"/>) and the product's
/// entry point. The self-test image (servers/selftest, built with SMOS_SELFTEST) has its own entry point that runs
/// its checks between these steps and serves with its own script.
/// </summary>
public static unsafe class RootTask
{
    private const int BootInfoBytes = 4096;

#if !SMOS_SELFTEST
    [UnmanagedCallersOnly(EntryPoint = "smos_main")]
    private static void Main(nuint bootInfoAddress)
    {
        if (!Begin(bootInfoAddress, out BootInfoView bootInfo))
        {
            return;
        }

        RootServices? server = RootServices.Start(TakeResources(bootInfo), out string? problem);
        if (server is null)
        {
            ResultLine.Fail("PROC", problem!);
            ResultLine.Done();
            return;
        }

        server.Serve(new InitScript(server.Spawner));
    }
#endif

    /// <summary>Banner, boot info, this thread's IPC context and the boot-info summary; false after printing a failure.</summary>
    internal static bool Begin(nuint bootInfoAddress, out BootInfoView bootInfo)
    {
        RootOutput.Install(); // kept until the UART is mapped (TakeResources): a release kernel has no debug console
        DebugConsole.WriteLine("");
        DebugConsole.WriteLine("SmosSharp root task on seL4 16.0.0 (aarch64, qemu-arm-virt)");

        var bytes = new ReadOnlySpan<byte>((void*)bootInfoAddress, BootInfoBytes);
        BootInfoError error = BootInfo.Parse(bytes, out bootInfo);
        if (error != BootInfoError.Ok)
        {
            ResultLine.Fail("BOOT", BootInfo.Describe(error));
            ResultLine.Done();
            return false;
        }

        var context = (ThreadContext*)Heap.TryAllocate((nuint)sizeof(ThreadContext));
        ThreadContexts.InitializeCurrent(context, (nuint)bootInfo.IpcBuffer, InitialCaps.InitThreadTcb);
        RootHeap.EnableCollection();
        BootReport.Print(bootInfo);
        return true;
    }

    /// <summary>
    /// From here on every object comes from the resource managers: every boot untyped and free slot. The CSpace gets its
    /// second level first (<see cref="RootCSpace"/>), so slots and block records grow with demand (<see cref="ResourceGrowth"/>).
    /// </summary>
    internal static RootResources TakeResources(in BootInfoView bootInfo)
    {
        var slots = new SlotAllocator(bootInfo.Empty.Start, bootInfo.Empty.End, (int)bootInfo.InitThreadCNodeSizeBits);
        var kernel = new Sel4Kernel();
        var untyped = new UntypedManager(kernel, slots, UntypedManager.RootTaskBlocks);
        for (int i = 0; i < (int)bootInfo.Untyped.Count; i++)
        {
            UntypedDesc d = bootInfo.GetUntyped(i);
            untyped.AddUntyped(new RootSlot(bootInfo.Untyped.Start + (ulong)i), d.PAddr, d.SizeBits, d.IsDevice);
        }

        string? problem = RootCSpace.Build(kernel, untyped, slots);
        RootCSpace.Print(slots);
        if (problem is not null)
        {
            ResultLine.Fail("CSPACE", problem);
        }

        var resources = new RootResources(kernel, untyped, slots, new ResourceGrowth(kernel, slots, untyped))
        {
            // The apps archive is part of the image: apps map their read-only pages from these frames (Spawner.Elf).
            Image = new ImageFrames(LinkedApps.ImageStart(), new RootSlot(bootInfo.UserImageFrames.Start), bootInfo.UserImageFrames.Count),
        };
        RootHeap.GrowFrom(resources);
        resources.HeapMeter = new RootHeapMeter();
        MapUart(resources);
        return resources;
    }

    /// <summary>Where the root task maps the PL011's registers for its own output.</summary>
    public const ulong RootUartVaddr = 0x7000_0000;

    /// <summary>The PL011 of QEMU virt (the serial console).</summary>
    public const ulong UartPhysical = 0x0900_0000;

    // The root task writes the UART itself until the console server attaches (and again after it ends). Without the
    // mapping it falls back to seL4_DebugPutChar, which only a kernel built with printing has.
    private static void MapUart(RootResources resources)
    {
        // A copy of the page's frame from the device registry, which keeps the original: the serial driver's grant
        // takes another copy of the same page.
        Sel4Error e = resources.Devices.Frame(UartPhysical, out RootSlot uart);
        Sel4Result mapped = e == Sel4Error.NoError ? resources.MapInRoot(uart, RootUartVaddr, VmAttributes.ExecuteNever) : new Sel4Result(e, 0);
        if (!mapped.IsOk)
        {
            RootOutput.UseDebugConsole();
            DebugConsole.Write("root task: cannot map the UART at 0x9000000 (");
            DebugConsole.Write(Sel4Result.Describe(mapped.Error));
            DebugConsole.WriteLine("): writing through seL4_DebugPutChar");
            return;
        }

        RootOutput.UseUart((byte*)RootUartVaddr);
    }
}
