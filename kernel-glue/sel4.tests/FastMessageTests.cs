// The register path: MR0-3 go to the kernel from the struct and come back into it; the IPC buffer is never touched.
using System;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed unsafe class FastMessageTests : IDisposable
{
    private readonly TestThread _thread = new();

    public void Dispose() => _thread.Dispose();

    [Fact]
    public void CallSendsTheStructAndReceivesTheReplyIntoItWithoutTouchingTheIpcBuffer()
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, 0xAAAA); // what the IPC buffer holds must not be sent, nor be overwritten
        }

        FakeKernel.Handle((name, cptr, info, buffer) =>
        {
            var registers = (IpcBufferLayout*)buffer;
            Assert.Equal("CallFast", name);
            Assert.Equal(new ulong[] { 1, 2, 3, 4 }, new[] { registers->Msg[0], registers->Msg[1], registers->Msg[2], registers->Msg[3] });
            registers->Msg[0] = 10; // the reply's MR0-3, as the kernel leaves them in x2-x5
            registers->Msg[1] = 20;
            registers->Msg[2] = 30;
            registers->Msg[3] = 40;
            return new MessageInfo(0, 0, 0, 4).Word;
        });
        var m = new FastMessage(1, 2, 3, 4);
        MessageInfo reply = new Endpoint(5).Call(new MessageInfo(7, 0, 0, 4), ref m);
        Assert.Equal(4, reply.Length);
        Assert.Equal(new FastMessage(10, 20, 30, 40), m);
        using (var r = Ipc.Read())
        {
            Assert.Equal(0xAAAAUL, r.GetMr(0));
        }
    }

    [Fact]
    public void RecvAndReplyRecvMoveTheFourWords()
    {
        FakeKernel.Handle((name, cptr, info, buffer) =>
        {
            var registers = (IpcBufferLayout*)buffer;
            registers->Msg[3] = registers->Msg[3] + 100;
            return new MessageInfo(3, 0, 0, 4).Word;
        });
        MessageInfo first = new Endpoint(5).Recv(out _, out FastMessage m);
        Assert.Equal(3UL, first.Label);
        Assert.Equal(100UL, m.Mr3);
        m.Set(3, 5);
        new Endpoint(5).ReplyRecv(new MessageInfo(0, 0, 0, 4), ref m, out _);
        Assert.Equal(105UL, m.Get(3));
        Assert.Equal(0UL, m.Get(4));
        Assert.Equal("RecvFast", FakeKernel.Calls[0].Name);
        Assert.Equal("ReplyRecvFast", FakeKernel.Calls[1].Name);
        Assert.Equal(5UL, FakeKernel.Calls[1].Mrs[3]);
    }
}
