// Device-memory and DMA grants (init-list "mmio:0xPADDR[/PAGES]", "dma:PAGES"): mapped before the start, one owner per page, returned at the end.
using System;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class DeviceGrantTests
{
    private const ulong Uart = 0x0900_0000;
    private const ulong Rtc = 0x0901_0000;

    private static InitGrantSet Grants(string words)
    {
        InitGrantSet set = InitGrantSet.None;
        Assert.Equal(InitGrantError.Ok, set.AddAll(Encoding.ASCII.GetBytes(words)));
        return set;
    }

    private static RootError StartWith(ServerWorld w, string name, string grants, out Process? p) =>
        w.Server.Spawner.Spawn(Encoding.ASCII.GetBytes(name), default, 0, w.StartQuota, Grants(grants), out p);

    private static ulong Info(ServerWorld w, Process p, int offset) =>
        BitConverter.ToUInt64(w.PageOf(p, ProcessAbi.StartInfoVaddr)!.Object.Memory, offset);

    [Fact]
    public void GrantedDevicePagesAreMappedUncachedInTheOrderOfTheWordsAndNamedInTheStartInfo()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, StartWith(w, "server", "mmio:0x9010000/2 mmio:0x9000000", out Process? p));

        ulong[] expected = { Rtc, Rtc + 0x1000, Uart };
        for (int i = 0; i < expected.Length; i++)
        {
            SimCap page = w.PageOf(p!, ProcessAbi.DeviceBase + ((ulong)i * 4096))!;
            Assert.True(page.IsDevice);
            Assert.Equal(expected[i], page.PAddr);
            Assert.Equal(VmAttributes.ExecuteNever, page.MappedAttributes); // not cacheable, never executable
            Assert.Equal(CapRights.ReadWrite, page.MappedRights);
            Assert.Equal(p!.Pid, w.Server.Spawner.Devices.OwnerOf(expected[i]));
        }

        Assert.Null(w.PageOf(p!, ProcessAbi.DeviceBase + (3 * 4096)));
        Assert.Equal(3, p!.DeviceSlotCount);
        Assert.Equal(2UL, Info(w, p, ProcessAbi.StartInfoDeviceOffset));
        Assert.Equal(ProcessAbi.DeviceBase, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 8));
        Assert.Equal(Rtc, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 16));
        Assert.Equal(2UL, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 24));
        Assert.Equal(ProcessAbi.DeviceBase + 0x2000, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 32));
        Assert.Equal(Uart, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 40));
        Assert.Equal(1UL, Info(w, p, ProcessAbi.StartInfoDeviceOffset + 48));
        Assert.Equal(0UL, Info(w, p, ProcessAbi.StartInfoDmaOffset));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AProcessWithoutAGrantHasNothingAtDeviceBaseAndItsChildNeither()
    {
        var w = new ServerWorld();
        Process plain = w.Start("hello");
        Assert.Null(w.PageOf(plain, ProcessAbi.DeviceBase));
        Assert.Null(w.PageOf(plain, ProcessAbi.DmaBase));
        Assert.Equal(0UL, Info(w, plain, ProcessAbi.StartInfoDeviceOffset));

        Assert.Equal(RootError.Ok, StartWith(w, "server", "mmio:0x9000000 dma:1", out Process? driver));
        Outcome o = w.Call(driver!, RootRequest.Spawn, ServerWorld.SpawnWords("client", ""));
        Assert.Equal(RootError.Ok, o.Error);
        Process child = w.Find(o.Value)!;
        Assert.Null(w.PageOf(child, ProcessAbi.DeviceBase));
        Assert.Null(w.PageOf(child, ProcessAbi.DmaBase));
    }

    [Fact]
    public void OneOwnerPerDevicePageWithAPreciseErrorAndTheRootTaskTakesItsOwnCopy()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, StartWith(w, "server", "mmio:0x9000000/2", out Process? owner));
        int caps = w.Kernel.AllLiveCaps;
        Assert.Equal(RootError.DeviceTaken, StartWith(w, "client", "irq:33 mmio:0x9010000 mmio:0x9001000", out Process? second));
        Assert.Null(second);
        Assert.Contains($"spawn: client: device page 0x9001000 is owned by pid {owner!.Pid} (one owner per device page)", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(caps, w.Kernel.AllLiveCaps); // refused before anything was made
        Assert.Equal(0, w.Server.Spawner.Interrupts.Count);
        Assert.Equal("device taken: another process owns this device page (one owner per device page, until it ends)", ProcessAbi.Describe(RootError.DeviceTaken));

        // Another page is another owner's; the root task's own copy (its UART writer) makes no owner.
        Assert.Equal(RootError.Ok, StartWith(w, "client", "mmio:0x9010000", out Process? other));
        Assert.Equal(other!.Pid, w.Server.Spawner.Devices.OwnerOf(Rtc));
        Assert.Equal(Sel4Error.NoError, w.Resources.Devices.Frame(Uart, out RootSlot mine));
        Assert.Equal(Uart, w.Kernel.CapAt(mine)!.PAddr);
        Assert.Equal(owner.Pid, w.Server.Spawner.Devices.OwnerOf(Uart));
        Assert.Same(w.Resources.Devices, w.Server.Spawner.Devices);
        Assert.Equal(3, w.Server.Spawner.Devices.Owned);
        Assert.Equal(3, w.Server.Spawner.Devices.Frames); // one frame capability per page, kept
    }

    [Fact]
    public void PagesReturnWhenTheOwnerEndsSoARestartedDriverTakesThemAgain()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, StartWith(w, "server", "mmio:0x9000000", out Process? first));
        w.Call(first!, RootRequest.Exit, 0);
        var before = w.Snapshot(); // the registry keeps the page's own capability from the first grant on
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(RootError.Ok, StartWith(w, "server", "irq:33 mmio:0x9000000 dma:2", out Process? p));
            Assert.Equal(p!.Pid, w.Server.Spawner.Devices.OwnerOf(Uart));
            SimCap mapped = w.PageOf(p, ProcessAbi.DeviceBase)!;
            if (round == 1)
            {
                w.Send(Badges.Fault(p.Pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, 0xdead0000, 0, 0 }); // faults: reclaimed the same way
            }
            else
            {
                w.Call(p, RootRequest.Exit, 0);
            }

            Assert.Null(mapped.MappedIn); // its copy deleted: unmapped
            Assert.Equal(0UL, w.Server.Spawner.Devices.OwnerOf(Uart));
            Assert.Equal(0, w.Server.Spawner.Devices.Owned);
            Assert.Equal(1, w.Server.Spawner.Devices.Frames);
        }

        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void MemoryThatIsNotDeviceMemoryIsRefusedAndNothingStays()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Assert.Equal(RootError.BadArgument, StartWith(w, "server", "mmio:0x40000000", out Process? p));
        Assert.Null(p);
        Assert.Contains("spawn: device page 0x40000000 is not device memory: failed lookup", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(0, w.Server.Spawner.Devices.Owned);
    }

    [Fact]
    public void DmaMemoryIsContiguousZeroedCachedChargedToTheQuotaAndInTheStartInfo()
    {
        var w = new ServerWorld();
        Process plain = w.Start("hello");
        ulong plainMemory = plain.Account.Used.Get(QuotaKind.Memory);
        Assert.Equal(RootError.Ok, StartWith(w, "server", "dma:3", out Process? p));
        ulong paddr = Info(w, p!, ProcessAbi.StartInfoDmaOffset + 8);
        Assert.Equal(ProcessAbi.DmaBase, Info(w, p!, ProcessAbi.StartInfoDmaOffset));
        Assert.Equal(3UL, Info(w, p!, ProcessAbi.StartInfoDmaOffset + 16));
        Assert.NotEqual(0UL, paddr);
        Assert.Equal(0UL, paddr & 0x3FFF); // one block of 16 KiB (3 pages rounded up to a power of two)
        for (int i = 0; i < 3; i++)
        {
            SimCap page = w.PageOf(p!, ProcessAbi.DmaBase + ((ulong)i * 4096))!;
            Assert.False(page.IsDevice);
            Assert.Equal(paddr + ((ulong)i * 4096), page.PAddr);
            Assert.Equal(VmAttributes.Data, page.MappedAttributes);
            Assert.All(page.Object.Memory, b => Assert.Equal(0, b));
        }

        Assert.Equal(plainMemory + 0x4000 + 0x1000, p!.Account.Used.Get(QuotaKind.Memory)); // the block and the page table at DmaBase
        Assert.Equal(paddr, p.DmaPaddr);

        // Too little memory quota for it: the quota's error, nothing stays.
        var before = w.Snapshot();
        w.StartQuota = ProcessQuota.RootDefault with { Memory = plainMemory + 0x1000 };
        Assert.Equal(RootError.QuotaMemory, StartWith(w, "server", "dma:2", out Process? small));
        Assert.Null(small);
        Assert.Equal(before, w.Snapshot());
    }

    [Fact]
    public void AnInitLineCarriesSeveralGrantWordsAroundItsQuotaWord()
    {
        Span<byte> args = stackalloc byte[64];
        Assert.True(InitLine.Parse("irq:33 mmio:0x9000000 quota:memory=8M mmio:0x9010000/2 dma:2 pl011 x"u8, args, out ReadOnlySpan<byte> name, out int n, out ReadOnlySpan<byte> quota, out ReadOnlySpan<byte> grant));
        Assert.Equal("pl011", Encoding.ASCII.GetString(name));
        Assert.Equal("x\0", Encoding.ASCII.GetString(args[..n]));
        Assert.Equal("quota:memory=8M", Encoding.ASCII.GetString(quota));
        Assert.Equal(RootError.Ok, InitLine.GrantsOf(grant, out InitGrantSet set, out _));
        Assert.Equal(33, set.Irq);
        Assert.Equal(2, set.MmioCount);
        Assert.Equal(3, set.MmioPages);
        Assert.Equal(2, set.DmaPages);
        Assert.Equal(RootError.Ok, InitLine.GrantOf(grant, out long irq, out _));
        Assert.Equal(33, irq);

        Assert.True(InitLine.Parse("mmio:0x9000000 mmio:0x9000000 pl011"u8, args, out _, out _, out _, out grant));
        Assert.Equal(RootError.BadArgument, InitLine.GrantsOf(grant, out set, out InitGrantError error));
        Assert.Equal(InitGrantError.Overlap, error);
        Assert.True(set.IsEmpty);
    }

    [Fact]
    public void TheRootTaskMapsItsOwnCopyOfADevicePageUncachedAndItStaysGrantable()
    {
        var w = new ServerWorld();
        ulong vaddr = w.Resources.MapDevicePage(Uart, out Sel4Result r);
        Assert.True(r.IsOk);
        Assert.NotEqual(0UL, vaddr);
        SimCap mine = w.Kernel.PageAt(InitialCaps.InitThreadVSpace, vaddr)!;
        Assert.Equal(Uart, mine.PAddr);
        Assert.True(mine.IsDevice);
        Assert.Equal(VmAttributes.ExecuteNever, mine.MappedAttributes);
        Assert.Equal(0UL, w.Server.Spawner.Devices.OwnerOf(Uart)); // the root task's copy makes no owner

        Assert.Equal(RootError.Ok, StartWith(w, "server", "mmio:0x9000000", out Process? driver));
        Assert.Equal(Uart, w.PageOf(driver!, ProcessAbi.DeviceBase)!.PAddr);
        w.Call(driver!, RootRequest.Exit, 0);
        Assert.Same(mine, w.Kernel.PageAt(InitialCaps.InitThreadVSpace, vaddr)); // still mapped in the root task

        Assert.Equal(0UL, w.Resources.MapDevicePage(0x4000_0000, out r));
        Assert.Equal(Sel4Error.FailedLookup, r.Error);
        Assert.Empty(w.Kernel.Misuse);
    }
}
