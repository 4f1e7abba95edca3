// The supervisor of init-list services: the restart policy, and restarts on the simulated kernel with the same line and grants.
using System;
using System.Text;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Processes;
using Xunit;

namespace Smos.RootTask.Tests;

public class SupervisorTests
{
    [Fact]
    public void APolicyRestartsOnFaultsAndPanicsUpToItsLimitThenGivesUp()
    {
        var policy = new RestartPolicy();
        Assert.Equal(3, policy.Limit);
        Assert.Equal(RestartDecision.Restart, policy.Decide(EndReason.Faulted));
        Assert.Equal(RestartDecision.Restart, policy.Decide(EndReason.Panicked));
        Assert.Equal(RestartDecision.Restart, policy.Decide(EndReason.Faulted));
        Assert.Equal(3, policy.Restarts);
        Assert.Equal(RestartDecision.GiveUp, policy.Decide(EndReason.Faulted));
        Assert.True(policy.Done);
        Assert.Equal(RestartDecision.None, policy.Decide(EndReason.Faulted)); // given up: it stays down
        Assert.Equal(3, policy.Restarts);
    }

    [Fact]
    public void AnExitOrAKillIsOnPurposeAndEndsSupervision()
    {
        var exited = new RestartPolicy();
        Assert.Equal(RestartDecision.Restart, exited.Decide(EndReason.Faulted));
        Assert.Equal(RestartDecision.None, exited.Decide(EndReason.Exited));
        Assert.Equal(RestartDecision.None, exited.Decide(EndReason.Faulted));

        var killed = new RestartPolicy();
        Assert.Equal(RestartDecision.None, killed.Decide(EndReason.Killed));
        Assert.True(killed.Done);
        Assert.Equal(RestartDecision.GiveUp, new RestartPolicy(0).Decide(EndReason.Faulted));
    }

    // What InitScript does with its supervisor (InitScript itself is target-only: it writes to the debug console).
    private sealed class Script : ProcessObserver
    {
        public Script(Spawner spawner) { Supervisor = new Supervisor(spawner); }

        public Supervisor Supervisor { get; }

        public override void Ended(Process p, EndReason reason, long code) => Supervisor.Ended(p, reason);

        public override void Step()
        {
            while (Supervisor.Step(out _, out _))
            {
            }
        }
    }

    private static (ServerWorld World, Script Script, Process Service) Supervised(string grantWords)
    {
        var w = new ServerWorld();
        var script = new Script(w.Server.Spawner);
        w.Dispatcher.Observe(script);
        InitGrantSet grants = InitGrantSet.None;
        Assert.Equal(InitGrantError.Ok, grants.AddAll(Encoding.ASCII.GetBytes(grantWords)));
        Assert.Equal(RootError.Ok, w.Server.Spawner.Spawn("server"u8, "a\0"u8, 0, null, grants, out Process? p));
        Assert.True(script.Supervisor.Watch("server"u8, "a\0"u8, null, grants, p!));
        return (w, script, p!);
    }

    private static void Fault(ServerWorld w, Process p) =>
        w.Send(Badges.Fault(p.Pid), FaultReport.VmFault, 0, 4, new ulong[] { 0x400100, 0xdead0000, 0, 0 });

    [Fact]
    public void ARestartedServiceKeepsItsPrivileges()
    {
        var w = new ServerWorld();
        var script = new Script(w.Server.Spawner);
        w.Dispatcher.Observe(script);
        Assert.Equal(RootError.Ok, w.Server.Spawner.Spawn("server"u8, default, 0, null, InitGrantSet.None, out Process? p));
        ReadOnlySpan<byte> line = "may:console may:grant=irq:48,dma:1 server"u8;
        Assert.True(InitPrivilege.Take(ref line, out InitPrivileges privileges, out InitGrantSet grantable, out _, out _));
        p!.Privileges = privileges;
        p.Grantable = grantable;
        Assert.True(script.Supervisor.Watch("server"u8, default, null, InitGrantSet.None, p));

        ulong pid = p.Pid;
        Fault(w, p);
        script.Step();
        Process restarted = w.Find(script.Supervisor.PidOf("server"u8))!;
        Assert.NotEqual(pid, restarted.Pid);
        Assert.Equal(InitPrivileges.Console | InitPrivileges.Grant, restarted.Privileges);
        Assert.Equal(48, restarted.Grantable.Irq);
        Assert.Equal(1, restarted.Grantable.DmaPages);
    }

    [Fact]
    public void AFaultedServiceIsRestartedWithItsLineAndGrantsThreeTimesThenGivenUp()
    {
        (ServerWorld w, Script script, Process p) = Supervised("irq:30 mmio:0x9000000");
        ulong pid = p.Pid;
        for (int k = 1; k <= 3; k++)
        {
            Fault(w, w.Find(pid)!);
            Assert.Null(w.Find(pid));
            script.Step(); // after the message: the ended process is reclaimed, its grants free
            ulong next = script.Supervisor.PidOf("server"u8);
            Assert.NotEqual(pid, next);
            Process restarted = w.Find(next)!;
            Assert.Equal("server", Encoding.ASCII.GetString(restarted.NameBytes));
            Assert.Equal(next, w.Server.Spawner.Interrupts.OwnerOf(30));
            Assert.Equal(next, w.Server.Spawner.Devices.OwnerOf(0x0900_0000));
            Assert.NotNull(w.PageOf(restarted, ProcessAbi.DeviceBase));
            Assert.Equal("a\0", Encoding.ASCII.GetString(w.PageOf(restarted, ProcessAbi.StartInfoVaddr)!.Object.Memory, ProcessAbi.ArgsOffset + 7, 2));
            Assert.Contains($"supervisor: server[{pid}] faulted, restart {k} of 3 as pid {next}\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
            pid = next;
        }

        Fault(w, w.Find(pid)!);
        script.Step();
        Assert.Contains("supervisor: server gave up after 3 restarts\n", w.Kernel.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(pid, script.Supervisor.PidOf("server"u8)); // no successor
        Assert.Equal(0UL, w.Server.Spawner.Interrupts.OwnerOf(30));
        Assert.Equal(0, w.Server.Spawner.Devices.Owned);
        Assert.Equal(3, script.Supervisor.Restarts);
        Assert.Empty(w.Kernel.Misuse);
    }

    [Fact]
    public void AServiceThatExitsOrIsKilledStaysDown()
    {
        (ServerWorld w, Script script, Process p) = Supervised("");
        w.Call(p, RootRequest.Exit, 0);
        script.Step();
        Assert.Null(w.Find(script.Supervisor.PidOf("server"u8)));
        Assert.Equal(0, script.Supervisor.Restarts);
        Assert.DoesNotContain("supervisor:", w.Kernel.Console.ToString(), StringComparison.Ordinal);

        (w, script, p) = Supervised("");
        ulong pid = p.Pid;
        w.Dispatcher.End(p, EndReason.Killed, ExitCodes.Killed);
        script.Step();
        Assert.Null(w.Find(pid));
        Assert.Null(w.Find(script.Supervisor.PidOf("server"u8)));
        Assert.Equal(0, script.Supervisor.Restarts);
    }

    [Fact]
    public void AClientOfARestartedServiceReopensItsNameOnceItIsPublishedAgain()
    {
        (ServerWorld w, Script script, Process p) = Supervised("");
        Process client = w.Start("client");
        Assert.Equal(RootError.Ok, w.Call(p, RootRequest.ConnPublish, ServerWorld.Named("svc", 0x2000_0000)).Error);
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("svc")).Error);
        Fault(w, p);
        script.Step();
        Assert.Equal(RootError.NoSuchName, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("svc")).Error);
        Process restarted = w.Find(script.Supervisor.PidOf("server"u8))!;
        Assert.Equal(RootError.Ok, w.Call(restarted, RootRequest.ConnPublish, ServerWorld.Named("svc", 0x2000_0000)).Error);
        Assert.Equal(RootError.Ok, w.Call(client, RootRequest.ConnOpen, ServerWorld.Named("svc")).Error);
    }
}
