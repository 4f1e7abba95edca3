// Interrupt grants (init-list "irq:N"): the handler and its notification in the process, one owner, reclaimed at its end.
using System;
using System.Linq;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Smos.Sel4;
using Xunit;

namespace Smos.RootTask.Tests;

public class InterruptGrantTests
{
    private const long TimerIrq = 30;

    private static RootError StartWithGrant(ServerWorld w, string name, long irq, out Process? p) =>
        w.Server.Spawner.Spawn(Encoding.ASCII.GetBytes(name), default, 0, w.StartQuota, irq, out p);

    [Fact]
    public void AGrantedProcessHoldsTheHandlerBoundToItsOwnNotification()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, StartWithGrant(w, "server", TimerIrq, out Process? p));

        SimCap handler = w.CapOf(p!, CapSlots.IrqHandler)!;
        Assert.Equal(TimerIrq, handler.Irq);
        Assert.Same(w.Kernel.CapAt(p!.IrqHandlerSlot)!.Object, handler.Object);
        Assert.Equal(TimerIrq, p.Irq);
        Assert.Equal(p.Pid, w.Server.Spawner.Interrupts.OwnerOf(TimerIrq));
        Assert.Contains(TimerIrq, w.Kernel.ActiveIrqs);

        // The kernel's copy of the notification is the process's own, badged with InterruptBadge: an interrupt sets that
        // bit in the word its Recv returns, and the next one waits for the acknowledgement.
        SimCap bound = w.Kernel.IrqNotification(TimerIrq)!;
        SimObject own = w.CapOf(p, CapSlots.Notification)!.Object;
        Assert.Same(own, bound.Object);
        Assert.Equal(ConnectionAbi.InterruptBadge, bound.Badge);
        Assert.True(w.Kernel.RaiseIrq(TimerIrq));
        Assert.Equal(ConnectionAbi.InterruptBadge, own.Word);
        Assert.False(w.Kernel.RaiseIrq(TimerIrq));
        w.Kernel.AckIrq(TimerIrq);
        Assert.True(w.Kernel.RaiseIrq(TimerIrq));
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AProcessWithoutAGrantHasNoHandlerAndAChildOfAGrantedProcessNone()
    {
        var w = new ServerWorld();
        Process plain = w.Start("hello");
        Assert.Null(w.CapOf(plain, CapSlots.IrqHandler));
        Assert.Equal(-1, plain.Irq);

        // A granted process's Spawn request (the only way an app starts another) carries no grant: its child gets none.
        Assert.Equal(RootError.Ok, StartWithGrant(w, "server", TimerIrq, out Process? driver));
        Outcome o = w.Call(driver!, RootRequest.Spawn, ServerWorld.SpawnWords("client", ""));
        Assert.Equal(RootError.Ok, o.Error);
        Process child = w.Find(o.Value)!;
        Assert.Null(w.CapOf(child, CapSlots.IrqHandler));
        Assert.Equal(-1, child.Irq);
        Assert.Single(w.Kernel.ActiveIrqs);
    }

    [Fact]
    public void OneOwnerPerInterruptWithAPreciseError()
    {
        var w = new ServerWorld();
        Assert.Equal(RootError.Ok, StartWithGrant(w, "server", TimerIrq, out Process? owner));
        var before = w.Snapshot();
        Assert.Equal(RootError.InterruptTaken, StartWithGrant(w, "client", TimerIrq, out Process? second));
        Assert.Null(second);
        Assert.Contains($"spawn: client: interrupt 30 is owned by pid {owner!.Pid} (one owner per interrupt)", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, w.Snapshot());
        Assert.Equal("interrupt taken: another process owns this interrupt (one owner per interrupt, until it ends)", ProcessAbi.Describe(RootError.InterruptTaken));

        // Another interrupt is another owner's.
        Assert.Equal(RootError.Ok, StartWithGrant(w, "client", 33, out Process? other));
        Assert.Equal(other!.Pid, w.Server.Spawner.Interrupts.OwnerOf(33));
        Assert.Equal(2, w.Server.Spawner.Interrupts.Count);
    }

    [Fact]
    public void TheKernelsOwnTimerAndAnInterruptThePlatformLacksAreRefusedAndNothingStays()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        Assert.Equal(RootError.InterruptTaken, StartWithGrant(w, "server", SimulatedKernel.KernelTimerIrq, out Process? p));
        Assert.Null(p);
        Assert.Contains("spawn: interrupt 27 is the kernel's own or has a handler already: revoke first", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(RootError.BadArgument, StartWithGrant(w, "server", 200, out p));
        Assert.Null(p);
        Assert.Contains("spawn: interrupt 200 cannot be granted: range error", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(RootError.BadArgument, StartWithGrant(w, "server", InterruptGrants.MaxIrq + 1, out p));
        Assert.Equal(before, w.Snapshot());
        Assert.Equal(0, w.Server.Spawner.Interrupts.Count);
        Assert.Empty(w.Kernel.ActiveIrqs);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void TheHandlerAndItsNotificationGoWithTheProcessAndTheInterruptCanBeGrantedAgain()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();
        for (int round = 0; round < 3; round++)
        {
            // A restarted timer server: the same interrupt, granted again once its last owner has ended.
            Assert.Equal(RootError.Ok, StartWithGrant(w, "server", TimerIrq, out Process? p));
            Assert.NotNull(w.Kernel.IrqNotification(TimerIrq));
            w.Call(p!, RootRequest.Exit, 0);
            Assert.Empty(w.Kernel.ActiveIrqs);
            Assert.Null(w.Kernel.IrqNotification(TimerIrq));
            Assert.False(w.Kernel.RaiseIrq(TimerIrq));
            Assert.Equal(0UL, w.Server.Spawner.Interrupts.OwnerOf(TimerIrq));
        }

        Assert.Equal(before, w.Snapshot());
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AFailedSpawnReturnsTheGrant()
    {
        var w = new ServerWorld();
        var before = w.Snapshot();

        // A kernel failure at every call of a granted spawn in turn: each leaves nothing behind, the interrupt free.
        for (int fail = 0; ; fail++)
        {
            w.Kernel.FailCall(fail, Sel4Error.NotEnoughMemory);
            RootError e = StartWithGrant(w, "server", TimerIrq, out Process? q);
            if (e == RootError.Ok)
            {
                w.Kernel.FailCall(-1, Sel4Error.NoError);
                w.Call(q!, RootRequest.Exit, 0);
                break;
            }

            Assert.Null(q);
            Assert.Empty(w.Kernel.ActiveIrqs);
            Assert.Equal(0, w.Server.Spawner.Interrupts.Count);
        }

        Assert.Empty(w.Kernel.ActiveIrqs);
        Assert.Equal(before, w.Snapshot());
        Assert.DoesNotContain(w.Kernel.Misuse, m => !m.StartsWith("revoke of empty", StringComparison.Ordinal));
    }

    [Fact]
    public void AnInitLineCarriesItsGrantWordBeforeOrAfterTheQuotaWord()
    {
        Span<byte> args = stackalloc byte[64];
        Assert.True(InitLine.Parse("irq:30 quota:memory=8M timer 1"u8, args, out ReadOnlySpan<byte> name, out int n, out ReadOnlySpan<byte> quota, out ReadOnlySpan<byte> grant));
        Assert.Equal("timer", Encoding.ASCII.GetString(name));
        Assert.Equal("quota:memory=8M", Encoding.ASCII.GetString(quota));
        Assert.Equal(RootError.Ok, InitLine.GrantOf(grant, out long irq, out _));
        Assert.Equal(30, irq);
        Assert.Equal("1\0", Encoding.ASCII.GetString(args[..n]));
        Assert.True(InitLine.Parse("hello"u8, args, out _, out _, out _, out grant));
        Assert.Equal(RootError.Ok, InitLine.GrantOf(grant, out irq, out _));
        Assert.Equal(-1, irq);
        Assert.True(InitLine.Parse("irq:x timer"u8, args, out _, out _, out _, out grant));
        Assert.Equal(RootError.BadArgument, InitLine.GrantOf(grant, out _, out InitGrantError error));
        Assert.Equal(InitGrantError.BadNumber, error);

        ReadOnlySpan<byte> line = "  &irq:30 timer"u8;
        Assert.True(InitLine.IsService(ref line));
        Assert.Equal("irq:30 timer", Encoding.ASCII.GetString(line));
        line = "hello &"u8;
        Assert.False(InitLine.IsService(ref line));
    }
}
