// SerialWatcher decisions: pass, failed checks, panics with locations, kernel faults, missing SMOS-DONE, timeout.
using System.Linq;
using Xunit;

namespace Smos.Build.Tests;

public class SerialWatcherTests
{
    private static SerialWatcher Feed(params string[] lines)
    {
        var watcher = new SerialWatcher();
        foreach (string line in lines)
        {
            watcher.Feed(line);
        }

        return watcher;
    }

    [Fact]
    public void PassesWithPassLinesAndDone()
    {
        var watcher = new SerialWatcher();
        Assert.Equal(WatchAction.Continue, watcher.Feed("Booting all finished, dropped to user space"));
        Assert.Equal(WatchAction.Continue, watcher.Feed("SMOS-RUNTIME: PASS"));
        Assert.Equal(WatchAction.Continue, watcher.Feed("SMOS-BOOT: PASS"));
        Assert.Equal(WatchAction.StopNow, watcher.Feed("SMOS-DONE"));
        watcher.Finish(timedOut: false, qemuExitCode: null);

        Assert.True(watcher.Passed);
        Assert.Null(watcher.FailureReason);
        Assert.True(watcher.SawBoot);
        Assert.Equal(2, watcher.PassCount);
        Assert.Equal(["SMOS-RUNTIME: PASS", "SMOS-BOOT: PASS"], watcher.Results);
    }

    [Fact]
    public void AcceptsCarriageReturnsAndColour()
    {
        SerialWatcher watcher = Feed("\u001b[32mSMOS-IPC: PASS\u001b[0m\r", "SMOS-DONE\r");
        watcher.Finish(false, null);
        Assert.True(watcher.Passed);
    }

    [Fact]
    public void FailLineFailsButDoesNotStop()
    {
        var watcher = new SerialWatcher();
        watcher.Feed("SMOS-A: PASS");
        Assert.Equal(WatchAction.Continue, watcher.Feed("SMOS-B: FAIL expected 7, got 42"));
        watcher.Feed("SMOS-C: FAIL");
        watcher.Feed("SMOS-DONE");
        watcher.Finish(false, null);

        Assert.False(watcher.Passed);
        Assert.Equal(["B (expected 7, got 42)", "C"], watcher.Failures);
        Assert.Equal("2 check(s) failed: B (expected 7, got 42), C", watcher.FailureReason);
    }

    [Fact]
    public void PanicWaitsForItsLocationThenStops()
    {
        var watcher = new SerialWatcher();
        watcher.Feed("SMOS-A: PASS");
        Assert.Equal(WatchAction.StopSoon, watcher.Feed("PANIC: heap exhausted"));
        Assert.Equal(WatchAction.StopNow, watcher.Feed("  at Heap.cs:42 (Allocate)"));
        watcher.Finish(false, null);

        Assert.Equal("heap exhausted", watcher.PanicMessage);
        Assert.Equal(["PANIC: heap exhausted", "  at Heap.cs:42 (Allocate)"], watcher.PanicLines);
        Assert.Null(watcher.PanicPc);
        Assert.Equal("panic: heap exhausted", watcher.FailureReason);
    }

    [Fact]
    public void PanicWithPcRecordsTheAddress()
    {
        SerialWatcher watcher = Feed("PANIC: index out of range", "  at pc=0x4001a4");
        Assert.Equal(0x4001a4UL, watcher.PanicPc);
        Assert.False(watcher.Passed);
    }

    [Fact]
    public void AnnouncedPanicIsExpectedAndTheRunGoesOn()
    {
        var watcher = new SerialWatcher();
        watcher.Feed("SMOS-EXPECT-PANIC: IPC buffer is still borrowed");
        Assert.Equal(WatchAction.Continue, watcher.Feed("PANIC: IPC buffer is still borrowed"));
        Assert.Equal(WatchAction.Continue, watcher.Feed("  at pc=0x401f1c"));
        watcher.Feed("SMOS-IPC: PASS");
        Assert.Equal(WatchAction.StopNow, watcher.Feed("SMOS-DONE"));
        watcher.Finish(false, null);

        Assert.True(watcher.Passed);
        Assert.Null(watcher.PanicMessage);
        Assert.Equal(["IPC buffer is still borrowed at pc=0x401f1c"], watcher.ExpectedPanics);
        Assert.Equal(["SMOS-IPC: PASS"], watcher.Results);
    }

    [Fact]
    public void ExpectationCoversOnePanicWithThatMessageOnly()
    {
        var watcher = new SerialWatcher();
        watcher.Feed("SMOS-EXPECT-PANIC: one");
        Assert.Equal(WatchAction.StopSoon, watcher.Feed("PANIC: two"));
        Assert.Equal("panic: two", watcher.FailureReason);

        var again = new SerialWatcher();
        again.Feed("SMOS-EXPECT-PANIC: one");
        again.Feed("PANIC: one");
        again.Feed("  at x.cs:1 (M)");
        Assert.Equal(WatchAction.StopSoon, again.Feed("PANIC: one"));
        Assert.Equal("panic: one", again.FailureReason);
    }

    [Fact]
    public void PanicMustStartTheLine()
    {
        SerialWatcher watcher = Feed("SMOS-X-PANIC: not a panic", "log: PANIC: quoted", "SMOS-A: PASS", "SMOS-DONE");
        watcher.Finish(false, null);
        Assert.True(watcher.Passed);
    }

    [Fact]
    public void PanicWithoutLocationStillFails()
    {
        SerialWatcher watcher = Feed("SMOS-A: PASS", "PANIC: end");
        Assert.Equal(WatchAction.StopSoon, watcher.Feed("more output"));
        watcher.Finish(timedOut: false, qemuExitCode: null);
        Assert.Equal("panic: end", watcher.FailureReason);
    }

    [Theory]
    [InlineData("Caught cap fault in send phase at address 0")]
    [InlineData("vm fault on data at address 0x0 with status 0x92000006")]
    [InlineData("\u001b[1mVM FAULT on code\u001b[0m")]
    [InlineData("Kernel panic: something")]
    [InlineData("halting...")]
    [InlineData("KERNEL FAULT")]
    [InlineData("seL4 failed assertion 'x' at a.c:1 in function f")]
    public void KernelFaultFailsAndStopsSoon(string line)
    {
        var watcher = new SerialWatcher();
        watcher.Feed("SMOS-A: PASS");
        Assert.Equal(WatchAction.StopSoon, watcher.Feed(line));
        Assert.Equal(WatchAction.StopSoon, watcher.Feed("in thread 0xffffff807ffc9400 \"rootserver\" at address 0x400230"));
        watcher.Finish(false, null);

        Assert.NotNull(watcher.KernelFault);
        Assert.StartsWith("the kernel reported a fault: ", watcher.FailureReason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AppFaultsReportedByTheRootTaskDoNotFailTheRun()
    {
        SerialWatcher watcher = Feed(
            "SMOS-A: PASS",
            "FAULT pid=3 name=crash kind=VM fault pc=0x400390 addr=0xdead0000 at Crash__Main+0x50",
            "SMOS-DONE");
        watcher.Finish(false, null);
        Assert.True(watcher.Passed, watcher.FailureReason);
        Assert.Single(watcher.AppFaults);
        Assert.Null(watcher.KernelFault);
    }

    [Fact]
    public void TheSummaryListsTwentyAppFaultsAndCountsTheRest()
    {
        var few = new[] { "FAULT pid=3 name=crash kind=VM fault pc=0x400390 addr=0xdead0000" };
        Assert.Equal(["app fault (handled by the root task): " + few[0]], BootTest.AppFaultLines(few));

        // The soak demo's 1,000 faults: the first 20, then one line with the count (the boot log has every one).
        var many = Enumerable.Range(1, 1000).Select(i => $"FAULT pid={i} name=soak kind=VM fault pc=0x400390 addr=0xdead0000").ToList();
        var lines = BootTest.AppFaultLines(many).ToList();
        Assert.Equal(BootTest.SummaryAppFaults + 1, lines.Count);
        Assert.Equal("app fault (handled by the root task): FAULT pid=20 name=soak kind=VM fault pc=0x400390 addr=0xdead0000", lines[19]);
        Assert.Equal("app faults (handled by the root task): 980 more, 1000 in all (the boot log has each)", lines[20]);
    }

    [Fact]
    public void OrdinaryKernelLinesAreNotFaults()
    {
        Assert.False(SerialWatcher.IsKernelFault("Booting all finished, dropped to user space"));
        Assert.False(SerialWatcher.IsKernelFault("Untyped Retype: Slot #167 in destination window non-empty."));
        Assert.False(SerialWatcher.IsKernelFault("Warning: Could not infer GIC interrupt target ID, assuming 0."));
        Assert.False(SerialWatcher.IsKernelFault("default fault handler installed"));
    }

    [Fact]
    public void ResultLinesMentioningFaultsAreResults()
    {
        SerialWatcher watcher = Feed("SMOS-VMFAULT: PASS caught vm fault on purpose", "SMOS-DONE");
        watcher.Finish(false, null);
        Assert.True(watcher.Passed);
    }

    [Fact]
    public void MissingDoneFailsWhenQemuExits()
    {
        SerialWatcher watcher = Feed("SMOS-A: PASS");
        watcher.Finish(timedOut: false, qemuExitCode: 0);
        Assert.Equal("QEMU exited (code 0) before SMOS-DONE", watcher.FailureReason);
    }

    [Fact]
    public void TimeoutFails()
    {
        SerialWatcher watcher = Feed("SMOS-A: PASS");
        watcher.Finish(timedOut: true, qemuExitCode: null);
        Assert.True(watcher.TimedOut);
        Assert.Equal("timeout before SMOS-DONE", watcher.FailureReason);
    }

    [Fact]
    public void DoneWithoutAnyPassFails()
    {
        SerialWatcher watcher = Feed("hello", "SMOS-DONE");
        watcher.Finish(false, null);
        Assert.Equal("no SMOS-<NAME>: PASS line before SMOS-DONE", watcher.FailureReason);
    }

    [Fact]
    public void LookalikesAreNotResults()
    {
        SerialWatcher watcher = Feed("SMOS-A: PASSED", "SMOS-B PASS", "xSMOS-C: PASS", "SMOS-DONE");
        watcher.Finish(false, null);
        Assert.Empty(watcher.Results);
        Assert.False(watcher.Passed);
    }

    [Fact]
    public void BootLineWithoutVerdictOnlyMarksBoot()
    {
        SerialWatcher watcher = Feed("SMOS-BOOT: root task entered");
        Assert.True(watcher.SawBoot);
        Assert.Empty(watcher.Results);
    }
}
