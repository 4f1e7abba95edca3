// SpawnGranted: a process whose init line gave it may:grant=... spawns children with device grants, within that word only.
using System;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Xunit;

namespace Smos.RootTask.Tests;

public class SpawnGrantedTests
{
    private const ulong Virtio = 0x0a00_0000;

    private static ulong[] Words(string name, in SpawnGrants grants, ProcessQuota? quota = null)
    {
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        var g = new ulong[SpawnGrants.Words];
        grants.Encode(g);
        var q = new ulong[ProcessQuota.Words];
        int length = RootTaskProtocol.EncodeSpawnGranted(Encoding.ASCII.GetBytes(name), default, g, q.AsSpan(0, SpawnRequest.EncodeQuota(quota, q)), mrs);
        Assert.True(length > 0);
        return mrs[..length];
    }

    private static Process Manager(ServerWorld w, string mayGrant)
    {
        Process p = w.Start("server");
        ReadOnlySpan<byte> line = Encoding.ASCII.GetBytes(mayGrant + " server");
        Assert.True(InitPrivilege.Take(ref line, out InitPrivileges privileges, out InitGrantSet grantable, out _, out _));
        p.Privileges = privileges;
        p.Grantable = grantable;
        return p;
    }

    [Fact]
    public void AManagerGrantsWhatItsWordNamesAndTheChildGetsItAsFromAnInitLine()
    {
        var w = new ServerWorld();
        Process manager = Manager(w, "may:grant=irq:48,mmio:0xa000000/2,dma:1");
        Outcome o = w.Call(manager, RootRequest.SpawnGranted, Words("client", SpawnGrants.None.WithInterrupt(48).WithDeviceMemory(Virtio + 0x1000).WithDma(1)));
        Assert.Equal(RootError.Ok, o.Error);
        Process child = w.Find(o.Value)!;
        Assert.Equal(manager.Pid, child.ParentPid);
        Assert.Equal(child.Pid, w.Server.Spawner.Devices.OwnerOf(Virtio + 0x1000));
        Assert.Equal(0UL, w.Server.Spawner.Devices.OwnerOf(Virtio));
        Assert.Equal(child.Pid, w.Server.Spawner.Interrupts.OwnerOf(48));
        Assert.True(w.PageOf(child, ProcessAbi.DeviceBase)!.IsDevice);
        Assert.Equal(Virtio + 0x1000, w.PageOf(child, ProcessAbi.DeviceBase)!.PAddr);
        Assert.NotNull(w.PageOf(child, ProcessAbi.DmaBase));
        Assert.Equal(InitPrivileges.None, child.Privileges); // the privilege is not passed on
        Assert.True(child.Grantable.IsEmpty);

        // One owner: a second child cannot have the same page while the first holds it; once it ends, it can.
        o = w.Call(manager, RootRequest.SpawnGranted, Words("client", SpawnGrants.None.WithDeviceMemory(Virtio, 2)));
        Assert.Equal(RootError.DeviceTaken, o.Error);
        w.Call(child, RootRequest.Exit, 0);
        o = w.Call(manager, RootRequest.SpawnGranted, Words("client", SpawnGrants.None.WithDeviceMemory(Virtio, 2)));
        Assert.Equal(RootError.Ok, o.Error);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void WhatLiesOutsideItsWordIsRefusedWithALineNamingIt()
    {
        var w = new ServerWorld();
        Process manager = Manager(w, "may:grant=irq:48,mmio:0xa000000/2,dma:1");
        (SpawnGrants Grants, string Line)[] refused =
        [
            (SpawnGrants.None.WithInterrupt(33), "may not grant interrupt 33"),
            (SpawnGrants.None.WithDeviceMemory(Virtio, 3), "may not grant device page 0xa002000"),
            (SpawnGrants.None.WithDeviceMemory(0x0900_0000), "may not grant device page 0x9000000"),
            (SpawnGrants.None.WithDma(2), "may not grant 2 DMA pages"),
        ];
        foreach ((SpawnGrants grants, string line) in refused)
        {
            Outcome o = w.Call(manager, RootRequest.SpawnGranted, Words("client", grants));
            Assert.Equal(RootError.NotPermitted, o.Error);
            Assert.Contains($"spawn: server[{manager.Pid}] {line} (outside its may:grant= word)\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        }

        Outcome bad = w.Call(manager, RootRequest.SpawnGranted, Words("client", SpawnGrants.None.WithDeviceMemory(Virtio + 0x200)));
        Assert.Equal(RootError.BadArgument, bad.Error);
        Assert.Contains("bad grant: the device address is not page aligned", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, w.Server.Table.Count); // no child was made
        Assert.Equal(0, w.Server.Spawner.Devices.Owned);
    }

    [Fact]
    public void AnAppWithoutThePrivilegeIsRefusedWithoutALine()
    {
        var w = new ServerWorld();
        Process app = w.Start("hello");
        int said = w.Kernel.Console.Length;
        Outcome o = w.Call(app, RootRequest.SpawnGranted, Words("client", SpawnGrants.None.WithDeviceMemory(Virtio)));
        Assert.Equal(RootError.NotPermitted, o.Error);
        o = w.Call(app, RootRequest.SpawnGranted, Words("client", SpawnGrants.None));
        Assert.Equal(RootError.NotPermitted, o.Error); // even granting nothing: the request is a manager's
        Assert.Equal(said, w.Kernel.Console.Length);
        Assert.Equal(1, w.Server.Table.Count);
    }

    [Fact]
    public void MalformedMessagesAreRefusedBeforeAnyCheck()
    {
        var w = new ServerWorld();
        Process manager = Manager(w, "may:grant=irq:48");
        ulong[] words = Words("client", SpawnGrants.None.WithInterrupt(48));
        Assert.Equal(RootError.BadLength, w.Call(manager, RootRequest.SpawnGranted, words[..^1]).Error);
        Assert.Equal(RootError.BadLength, w.Call(manager, RootRequest.SpawnGranted, [.. words, 0]).Error);
        int grantsAt = words.Length - SpawnGrants.Words;
        ulong[] tooMany = (ulong[])words.Clone();
        tooMany[grantsAt + 2] = SpawnGrants.MaxRegions + 1;
        Assert.Equal(RootError.BadArgument, w.Call(manager, RootRequest.SpawnGranted, tooMany).Error);
        ulong[] hidden = (ulong[])words.Clone();
        hidden[grantsAt + 3] = Virtio; // a region past the count
        Assert.Equal(RootError.BadArgument, w.Call(manager, RootRequest.SpawnGranted, hidden).Error);
        ulong[] irq = (ulong[])words.Clone();
        irq[grantsAt] = unchecked((ulong)-2L);
        Assert.Equal(RootError.BadArgument, w.Call(manager, RootRequest.SpawnGranted, irq).Error);
        Assert.Equal(1, w.Server.Table.Count);
    }

    [Fact]
    public void TheRulesWithoutAKernel()
    {
        InitGrantSet may = InitGrantSet.None;
        Assert.Equal(InitGrantError.Ok, may.AddAll("irq:48 mmio:0xa000000/2"u8));
        Assert.Equal(RootError.NotPermitted, GrantRules.Check(InitPrivileges.Shell, may, SpawnGrants.None, out _, out GrantKind k, out _, out _));
        Assert.Equal(GrantKind.None, k);
        Assert.Equal(RootError.Ok, GrantRules.Check(InitPrivileges.Grant, may, SpawnGrants.None.WithInterrupt(48), out InitGrantSet g, out _, out _, out _));
        Assert.Equal(48, g.Irq);
        Assert.Equal(RootError.BadArgument, GrantRules.Check(InitPrivileges.Grant, may, SpawnGrants.None.WithDma(InitGrant.MaxDmaPages + 1), out _, out _, out _, out InitGrantError why));
        Assert.Equal(InitGrantError.BadPages, why);
        SpawnGrants five = SpawnGrants.None.WithDeviceMemory(Virtio).WithDeviceMemory(Virtio + 0x1000).WithDeviceMemory(0).WithDeviceMemory(0).WithDeviceMemory(0);
        Assert.Equal(RootError.BadArgument, GrantRules.Check(InitPrivileges.Grant, may, five, out _, out _, out _, out why));
        Assert.Equal(InitGrantError.TooManyRegions, why);
    }
}
