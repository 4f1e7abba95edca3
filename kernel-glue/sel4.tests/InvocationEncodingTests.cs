// Typed capabilities encode invocations as docs/sel4-abi.md says (labels, lengths, caps, MRs) and decode errors.
using System;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed unsafe class InvocationEncodingTests : IDisposable
{
    private readonly TestThread _thread = new();

    public void Dispose() => _thread.Dispose();

    private static SyscallRecord Only()
    {
        SyscallRecord call = Assert.Single(FakeKernel.Calls);
        Assert.Equal("Call", call.Name);
        return call;
    }

    [Fact]
    public void UntypedRetypeMatchesTheAbiExample()
    {
        Assert.True(new Untyped(30).Retype(ObjectType.Endpoint, 0, CNode.InitThread, 0, 0, 166, 1).IsOk);
        SyscallRecord call = Only();
        Assert.Equal(30UL, call.Cptr);
        Assert.Equal(0x1086UL, call.Info); // label 1, one extra cap, six MRs
        Assert.Equal(new ulong[] { 2, 0, 0, 0, 166, 1 }, call.Mrs[..6]);
        Assert.Equal(2UL, call.Caps[0]);
    }

    [Fact]
    public void CNodeMintCarriesRightsAndBadge()
    {
        Assert.True(CNode.InitThread.Mint(200, CNode.InitThread, 100, CapRights.All, 0x5A5).IsOk);
        SyscallRecord call = Only();
        var info = new MessageInfo(call.Info);
        Assert.Equal((ulong)InvocationLabel.CNodeMint, info.Label);
        Assert.Equal(1, info.ExtraCaps);
        Assert.Equal(6, info.Length);
        Assert.Equal(new ulong[] { 200, 64, 100, 64, 0xF, 0x5A5 }, call.Mrs[..6]);
    }

    [Fact]
    public void TcbWriteRegistersSendsTheWholeContext()
    {
        var regs = new UserContext { Pc = 0x400000, Sp = 0x500000, X0 = 9, TpidrEl0 = 0x1234 };
        Assert.True(new Tcb(40).WriteRegisters(resume: true, regs).IsOk);
        SyscallRecord call = Only();
        var info = new MessageInfo(call.Info);
        Assert.Equal((ulong)InvocationLabel.TcbWriteRegisters, info.Label);
        Assert.Equal(38, info.Length);
        Assert.Equal(1UL, call.Mrs[0]);
        Assert.Equal(36UL, call.Mrs[1]);
        Assert.Equal(0x400000UL, call.Mrs[2]);
        Assert.Equal(0x500000UL, call.Mrs[3]);
        Assert.Equal(9UL, call.Mrs[5]);
        Assert.Equal(0x1234UL, call.Mrs[2 + 34]);
    }

    [Fact]
    public void PageMapAndPageTableMap()
    {
        Assert.True(new Page(50).Map(3, 0x10000000, CapRights.ReadWrite, VmAttributes.Data).IsOk);
        Assert.True(new PageTable(51).Map(3, 0x10000000, VmAttributes.Default).IsOk);
        Assert.Equal(2, FakeKernel.Calls.Count);
        var map = new MessageInfo(FakeKernel.Calls[0].Info);
        Assert.Equal((ulong)InvocationLabel.PageMap, map.Label);
        Assert.Equal(new ulong[] { 0x10000000, 3, 5 }, FakeKernel.Calls[0].Mrs[..3]);
        Assert.Equal((ulong)InvocationLabel.PageTableMap, new MessageInfo(FakeKernel.Calls[1].Info).Label);
    }

    [Fact]
    public void ErrorsComeBackTypedWithTheirDetailAndReleaseTheBuffer()
    {
        FakeKernel.Handle((name, cptr, info, buffer) =>
        {
            // The kernel answers InvalidArgument about argument 3.
            ((IpcBufferLayout*)buffer)->Msg[0] = 3;
            return new MessageInfo((ulong)Sel4Error.InvalidArgument, 0, 0, 1).Word;
        });
        Sel4Result r = new Untyped(30).Retype(ObjectType.Tcb, 0, CNode.InitThread, 0, 0, 7, 1);
        Assert.Equal(Sel4Error.InvalidArgument, r.Error);
        Assert.Equal(3UL, r.Detail);
        Assert.False(r.IsOk);
        using var w = Ipc.Write(); // nothing left borrowed
    }

    [Fact]
    public void MessageInfoPacksAndUnpacks()
    {
        var info = new MessageInfo(0xABC, 5, 2, 120);
        Assert.Equal(0xABCUL, info.Label);
        Assert.Equal(5, info.CapsUnwrapped);
        Assert.Equal(2, info.ExtraCaps);
        Assert.Equal(120, info.Length);
        Assert.Equal((0xABCUL << 12) | (5UL << 9) | (2UL << 7) | 120, info.Word);
    }

    [Fact]
    public void BytesRoundTripThroughMessageRegisters()
    {
        byte[] text = "hello, seL4 from C#"u8.ToArray();
        using (var w = Ipc.Write())
        {
            Assert.Equal(3, w.CopyIn(2, text));
        }

        var back = new byte[text.Length];
        using (var r = Ipc.Read())
        {
            r.CopyOut(2, back);
        }

        Assert.Equal(text, back);
    }

    [Fact]
    public void VolatileSpansAreBoundsChecked()
    {
        ulong* memory = stackalloc ulong[4];
        var span = new VolatileSpan<ulong>(memory, 4);
        span.Set(3, 9);
        Assert.Equal(9UL, span[3]);
        bool threw = false;
        try
        {
            span.Set(4, 1);
        }
        catch (IndexOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
