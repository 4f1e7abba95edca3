// Every invocation encoder of the typed layer, each checked for its label, cptr, extra caps, length, message registers and caps.
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Smos.Sel4.Tests;

public sealed class EveryInvocationEncodingTests : IDisposable
{
    private readonly TestThread _thread = new();

    public void Dispose() => _thread.Dispose();

    /// <summary>What one encoder must send: the call it makes, then label, cptr, extra caps, MRs (the whole length) and caps.</summary>
    private sealed record Case(Func<Sel4Result> Invoke, InvocationLabel Label, ulong Cptr, int ExtraCaps, ulong[] Mrs, ulong[] Caps);

    private static readonly CNode Node = new(7, 12);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Untyped.Retype"] = new(() => new Untyped(30).Retype(ObjectType.Notification, 0, Node, 5, 12, 100, 3), InvocationLabel.UntypedRetype, 30, 1, [(ulong)ObjectType.Notification, 0, 5, 12, 100, 3], [7]),
        ["CNode.Copy"] = new(() => Node.Copy(10, new CNode(8, 64), 11, CapRights.Read), InvocationLabel.CNodeCopy, 7, 1, [10, 12, 11, 64, 0x2], [8]),
        ["CNode.Mint"] = new(() => Node.Mint(10, new CNode(8, 64), 11, CapRights.All, 99), InvocationLabel.CNodeMint, 7, 1, [10, 12, 11, 64, 0xF, 99], [8]),
        ["CNode.Move"] = new(() => Node.Move(10, new CNode(8, 64), 11), InvocationLabel.CNodeMove, 7, 1, [10, 12, 11, 64], [8]),
        ["CNode.Mutate"] = new(() => Node.Mutate(10, new CNode(8, 64), 11, 5), InvocationLabel.CNodeMutate, 7, 1, [10, 12, 11, 64, 5], [8]),
        ["CNode.Delete"] = new(() => Node.Delete(42), InvocationLabel.CNodeDelete, 7, 0, [42, 12], []),
        ["CNode.Revoke"] = new(() => Node.Revoke(42), InvocationLabel.CNodeRevoke, 7, 0, [42, 12], []),
        ["CNode.SaveCaller"] = new(() => Node.SaveCaller(42), InvocationLabel.CNodeSaveCaller, 7, 0, [42, 12], []),
        ["CNode.CancelBadgedSends"] = new(() => Node.CancelBadgedSends(42), InvocationLabel.CNodeCancelBadgedSends, 7, 0, [42, 12], []),
        ["Tcb.Configure"] = new(() => new Tcb(40).Configure(6, Node, 0x38, 3, 0, 0x7f0000001000, 9), InvocationLabel.TcbConfigure, 40, 3, [6, 0x38, 0, 0x7f0000001000], [7, 3, 9]),
        ["Tcb.SetSpace"] = new(() => new Tcb(40).SetSpace(6, Node, 0x38, 3, 0), InvocationLabel.TcbSetSpace, 40, 2, [6, 0x38, 0], [7, 3]),
        ["Tcb.SetIpcBuffer"] = new(() => new Tcb(40).SetIpcBuffer(0x7f0000001000, 9), InvocationLabel.TcbSetIpcBuffer, 40, 1, [0x7f0000001000], [9]),
        ["Tcb.WriteRegisters"] = new(() => new Tcb(40).WriteRegisters(false, default), InvocationLabel.TcbWriteRegisters, 40, 0, [0, (ulong)UserContext.Words, .. new ulong[UserContext.Words]], []),
        ["Tcb.ReadRegisters"] = new(() => new Tcb(40).ReadRegisters(true, out _), InvocationLabel.TcbReadRegisters, 40, 0, [1, (ulong)UserContext.Words], []),
        ["Tcb.Resume"] = new(() => new Tcb(40).Resume(), InvocationLabel.TcbResume, 40, 0, [], []),
        ["Tcb.Suspend"] = new(() => new Tcb(40).Suspend(), InvocationLabel.TcbSuspend, 40, 0, [], []),
        ["Tcb.UnbindNotification"] = new(() => new Tcb(40).UnbindNotification(), InvocationLabel.TcbUnbindNotification, 40, 0, [], []),
        ["Tcb.SetPriority"] = new(() => new Tcb(40).SetPriority(new Tcb(1), 100), InvocationLabel.TcbSetPriority, 40, 1, [100], [1]),
        ["Tcb.SetMCPriority"] = new(() => new Tcb(40).SetMCPriority(new Tcb(1), 200), InvocationLabel.TcbSetMCPriority, 40, 1, [200], [1]),
        ["Tcb.SetSchedParams"] = new(() => new Tcb(40).SetSchedParams(new Tcb(1), 200, 100), InvocationLabel.TcbSetSchedParams, 40, 1, [200, 100], [1]),
        ["Tcb.BindNotification"] = new(() => new Tcb(40).BindNotification(new Notification(12)), InvocationLabel.TcbBindNotification, 40, 1, [], [12]),
        ["Tcb.SetTlsBase"] = new(() => new Tcb(40).SetTlsBase(0x1234), InvocationLabel.TcbSetTlsBase, 40, 0, [0x1234], []),
        ["Page.Map"] = new(() => new Page(50).Map(3, 0x400000, CapRights.ReadWrite, VmAttributes.Data), InvocationLabel.PageMap, 50, 1, [0x400000, (ulong)CapRights.ReadWrite, (ulong)VmAttributes.Data], [3]),
        ["Page.Unmap"] = new(() => new Page(50).Unmap(), InvocationLabel.PageUnmap, 50, 0, [], []),
        ["Page.GetAddress"] = new(() => new Page(50).GetAddress(out _), InvocationLabel.PageGetAddress, 50, 0, [], []),
        ["PageTable.Map"] = new(() => new PageTable(51).Map(3, 0x200000, VmAttributes.Data), InvocationLabel.PageTableMap, 51, 1, [0x200000, (ulong)VmAttributes.Data], [3]),
        ["PageTable.Unmap"] = new(() => new PageTable(51).Unmap(), InvocationLabel.PageTableUnmap, 51, 0, [], []),
        ["AsidControl.MakePool"] = new(() => new AsidControl(5).MakePool(new Untyped(30), Node, 20, 12), InvocationLabel.AsidControlMakePool, 5, 2, [20, 12], [30, 7]),
        ["AsidPool.Assign"] = new(() => new AsidPool(6).Assign(3), InvocationLabel.AsidPoolAssign, 6, 1, [], [3]),
        ["IrqControl.Get"] = new(() => new IrqControl(4).Get(33, Node, 21, 12), InvocationLabel.IrqIssueIrqHandler, 4, 1, [33, 21, 12], [7]),
        ["IrqHandler.Ack"] = new(() => new IrqHandler(22).Ack(), InvocationLabel.IrqAck, 22, 0, [], []),
        ["IrqHandler.SetNotification"] = new(() => new IrqHandler(22).SetNotification(new Notification(12)), InvocationLabel.IrqSetHandler, 22, 1, [], [12]),
        ["IrqHandler.Clear"] = new(() => new IrqHandler(22).Clear(), InvocationLabel.IrqClearHandler, 22, 0, [], []),
    };

    public static TheoryData<string> Names() => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void EachEncoderSendsItsLayout(string name)
    {
        Case c = Cases[name];
        Assert.True(c.Invoke().IsOk);
        SyscallRecord call = Assert.Single(FakeKernel.Calls);
        var info = new MessageInfo(call.Info);
        Assert.Equal("Call", call.Name);
        Assert.Equal(c.Cptr, call.Cptr);
        Assert.Equal((ulong)c.Label, info.Label);
        Assert.Equal(c.ExtraCaps, info.ExtraCaps);
        Assert.Equal(c.Mrs.Length, info.Length);
        Assert.Equal(c.Mrs, call.Mrs[..c.Mrs.Length]);
        Assert.Equal(c.Caps, call.Caps[..c.Caps.Length]);
    }

    /// <summary>Every label the typed layer names has an encoder case here, so a new invocation cannot go untested.</summary>
    [Fact]
    public void EveryInvocationLabelHasACase()
    {
        var covered = Cases.Values.Select(c => c.Label).ToHashSet();
        var missing = Enum.GetValues<InvocationLabel>().Where(l => !covered.Contains(l)).ToList();
        Assert.Empty(missing);
    }
}
