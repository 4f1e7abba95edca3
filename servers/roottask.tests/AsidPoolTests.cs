// ASID pools: the 512th process gets an ASID from a pool the root task makes, and a full kernel is a precise error.
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.RootTask.Resources;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class AsidPoolTests
{
    [Fact]
    public void PastTheBootPoolsRoomANewPoolIsMadeFromUntypedMemory()
    {
        // The boot pool holds 512 ASIDs, one of them the root task's: processes 1-511 fit it, the 512th needs a new pool.
        var w = new ServerWorld { StartQuota = new ProcessQuota(1UL << 20, 128, 0, 0, 0, 0) };
        AsidPools pools = w.Server.Spawner.Asids;
        for (int i = 0; i < SimulatedKernel.AsidsPerPool - 1; i++)
        {
            w.Start("hello");
        }

        Assert.Equal(1, pools.Count);
        Assert.Equal(SimulatedKernel.AsidsPerPool, w.Kernel.AsidsGiven[InitialCaps.InitThreadAsidPool]);
        (ulong bytesBefore, _, _, _) = w.Snapshot();

        Process p = w.Start("hello");
        Assert.Equal(2, pools.Count);
        Assert.Equal(4096UL, pools.MadeBytes);
        Assert.Equal(2, w.Kernel.AsidsGiven.Count);
        Assert.True(w.Kernel.CapAt(p.VSpaceSlot)!.Object.HasAsid);
        Assert.True(w.Snapshot().FreeBytes < bytesBefore - 4096, "the pool's 4 KiB and the process came from untyped memory");
    }

    [Fact]
    public void AFailedPoolReturnsItsBlockAndTheSpawnFailsWithNoMemory()
    {
        var w = new ServerWorld { StartQuota = new ProcessQuota(1UL << 20, 128, 0, 0, 0, 0) };
        w.Kernel.AsidsGiven[InitialCaps.InitThreadAsidPool] = SimulatedKernel.AsidsPerPool; // the boot pool is full
        (ulong bytes, int slots, _, _) = w.Snapshot();
        w.Kernel.RefuseAsidPools = true;
        RootError e = w.Server.Spawner.Spawn("hello"u8, default, 0, w.StartQuota, out Process? p);
        Assert.Null(p);
        Assert.Equal(RootError.NoMemory, e);
        Assert.Equal(1, w.Server.Spawner.Asids.Count);
        Assert.Equal((bytes, slots), (w.Snapshot().FreeBytes, w.Snapshot().FreeSlots));

        // The console says which resource refused and what is left of each.
        string said = w.Kernel.Console.ToString();
        Assert.Contains("spawn: hello failed: not enough memory (untyped manager: no failure recorded (the kernel refused); ", said, System.StringComparison.Ordinal);
        Assert.Matches(@"\d+ MiB free in \d+ blocks, \d+ block records free; \d+ of \d+ root slots free\)", said);
    }
}
