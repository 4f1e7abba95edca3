// Every system call and invocation is refused while any IPC-buffer scope is open, with the documented text.
using System;
using System.Collections.Generic;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed class SystemCallGuardTests : IDisposable
{
    private readonly TestThread _thread = new();

    public void Dispose() => _thread.Dispose();

    public static TheoryData<string, string> Operations() => new()
    {
        { "Call", "seL4_Call" },
        { "Send", "seL4_Send" },
        { "NBSend", "seL4_NBSend" },
        { "Recv", "seL4_Recv" },
        { "NBRecv", "seL4_NBRecv" },
        { "ReplyRecv", "seL4_ReplyRecv" },
        { "CallFast", "seL4_Call" },
        { "RecvFast", "seL4_Recv" },
        { "ReplyRecvFast", "seL4_ReplyRecv" },
        { "Reply", "seL4_Reply" },
        { "Yield", "seL4_Yield" },
        { "Signal", "seL4_Signal" },
        { "Wait", "seL4_Wait" },
        { "Poll", "seL4_Poll" },
        { "Invocation", "a kernel invocation" },
        { "Debug", "a debug system call" },
    };

    private static void Perform(string op)
    {
        var ep = new Endpoint(5);
        var ntfn = new Notification(6);
        switch (op)
        {
            case "Call": ep.Call(new MessageInfo(1, 0, 0, 1)); break;
            case "Send": ep.Send(default); break;
            case "NBSend": ep.NBSend(default); break;
            case "Recv": ep.Recv(out _); break;
            case "NBRecv": ep.NBRecv(out _); break;
            case "ReplyRecv": ep.ReplyRecv(default, out _); break;
            case "CallFast": FastMessage m = default; ep.Call(new MessageInfo(1, 0, 0, 4), ref m); break;
            case "RecvFast": ep.Recv(out _, out FastMessage _); break;
            case "ReplyRecvFast": FastMessage r2 = default; ep.ReplyRecv(default, ref r2, out _); break;
            case "Reply": Ipc.Reply(default); break;
            case "Yield": Scheduler.Yield(); break;
            case "Signal": ntfn.Signal(); break;
            case "Wait": ntfn.Wait(); break;
            case "Poll": ntfn.Poll(); break;
            case "Invocation": Sel4Result r = Invocation.Invoke(2, InvocationLabel.CNodeDelete, 0, 2); break;
            case "Debug": Debug.IdentifyCap(1); break;
            default: throw new ArgumentException(op);
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void RefusedInsideAWriteScope(string op, string kernelName)
    {
        var e = Assert.Throws<IpcViolationException>(() =>
        {
            using var w = Ipc.Write();
            Perform(op);
        });
        Assert.Equal(
            "IPC buffer is still borrowed by an open scope when " + kernelName + " was invoked: finish writing the message, end the scope, then call",
            e.Message);
        Assert.Empty(FakeKernel.Calls);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void RefusedInsideAReadScope(string op, string kernelName)
    {
        var e = Assert.Throws<IpcViolationException>(() =>
        {
            using var r = Ipc.Read();
            Perform(op);
        });
        Assert.Equal(IpcViolation.CallWhileBorrowed, e.Violation);
        Assert.Contains(kernelName, e.Message, StringComparison.Ordinal);
        Assert.Empty(FakeKernel.Calls);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void AllowedWithNoScopeOpen(string op, string kernelName)
    {
        Assert.NotNull(kernelName);
        Perform(op);
        Assert.Single(FakeKernel.Calls);
    }

    [Fact]
    public void TryCallReportsInsteadOfStopping()
    {
        var ep = new Endpoint(5);
        using (var w = Ipc.Write())
        {
            Assert.Equal(IpcViolation.CallWhileBorrowed, ep.TryCall(new MessageInfo(1, 0, 0, 0), out MessageInfo none));
            Assert.Equal(0UL, none.Word);
        }

        Assert.Equal(IpcViolation.None, ep.TryCall(new MessageInfo(1, 0, 0, 0), out _));
        Assert.Single(FakeKernel.Calls);
    }

    [Fact]
    public void DocumentedMessagesAreExact()
    {
        var expected = new Dictionary<IpcViolation, (string Problem, string Fix)>
        {
            [IpcViolation.CallWhileBorrowed] = ("IPC buffer is still borrowed by an open scope", "finish writing the message, end the scope, then call"),
            [IpcViolation.WriteWhileWriting] = ("IPC buffer is already borrowed for writing by an open scope", "end the first scope before opening another; write a whole message in one scope"),
            [IpcViolation.WriteWhileReading] = ("IPC buffer is borrowed for reading by an open scope", "end the read scopes before writing the next message"),
            [IpcViolation.ReadWhileWriting] = ("IPC buffer is borrowed for writing by an open scope", "end the write scope before reading"),
            [IpcViolation.UseAfterEnd] = ("an IPC buffer scope was used after it ended", "keep every use of a scope and its spans inside its using block"),
            [IpcViolation.TooManyReaders] = ("too many IPC buffer read scopes are open (at most 4)", "end a read scope before opening another"),
            [IpcViolation.NoIpcBuffer] = ("this thread has no IPC buffer", "give the thread a context with ThreadContexts.InitializeCurrent first (the root task and libsmos do this at start)"),
        };
        foreach (var (violation, (problem, fix)) in expected)
        {
            Assert.Equal(problem, System.Text.Encoding.UTF8.GetString(IpcMessages.Problem(violation)));
            Assert.Equal(fix, System.Text.Encoding.UTF8.GetString(IpcMessages.Fix(violation)));
        }

        Assert.Equal(
            "IPC buffer is already borrowed for writing by an open scope when Ipc.Write was invoked: end the first scope before opening another; write a whole message in one scope",
            new IpcViolationException(IpcViolation.WriteWhileWriting, IpcOperation.OpenWrite).Message);
    }
}
