// The decode step of every root-task request, one test per error it can return (docs/protocol.md).
using System;
using System.Linq;
using System.Text;
using Xunit;

namespace Smos.Protocol.Tests;

public class DecodeTests
{
    private static ulong[] Packed(string text, params ulong[] header)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var words = new ulong[header.Length + ((bytes.Length + 7) / 8)];
        header.CopyTo(words, 0);
        for (int i = 0; i < bytes.Length; i++)
        {
            words[header.Length + (i / 8)] |= (ulong)bytes[i] << (8 * (i % 8));
        }

        return words;
    }

    // The root task's view of a decoder's answer (RootReplies.ErrorOf).
    private static RootError E(ProtocolError decoded) => RootReplies.ErrorOf(decoded);

    [Fact]
    public void OneWordRequestsNeedExactlyOneWord()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeWait([], out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeKill([1, 2], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeAlloc([42], out AllocArgs alloc)));
        Assert.Equal(42UL, alloc.Pages);
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeExit([1, 2], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeExit([unchecked((ulong)-3L)], out ExitArgs exit)));
        Assert.Equal(-3L, exit.Code);
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnClose([], out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnDestroy([1, 2], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeConnNotify([7], out ConnNotifyArgs bell)));
        Assert.Equal(7UL, bell.Id);
    }

    [Fact]
    public void RequestsWithoutWordsRefuseAnyWord()
    {
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeGetPid([])));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeGetPid([0])));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeConsoleAttach([])));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConsoleAttach([0, 0])));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePowerOff([1])));
        Assert.Equal(0, RootTaskProtocol.EncodeGetPid(default));
    }

    [Fact]
    public void EachDeclaredLabelIsTheRequestsNumber()
    {
        Assert.Equal((ulong)RootRequest.Print, RootTaskProtocol.PrintLabel);
        Assert.Equal((ulong)RootRequest.Exit, RootTaskProtocol.ExitLabel);
        Assert.Equal((ulong)RootRequest.Free, RootTaskProtocol.FreeLabel);
        Assert.Equal(8UL, RootTaskProtocol.FreeLabel);
        Assert.Equal((ulong)RootRequest.Panic, RootTaskProtocol.PanicLabel);
        Assert.Equal(46UL, RootTaskProtocol.CSpaceGrowLabel);
        Assert.Equal((ulong)RootRequest.PowerOff, RootTaskProtocol.PowerOffLabel);
    }

    [Fact]
    public void FreeNeedsExactlyTwoWordsAndPassesThemOnUnchecked()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeFree([], out FreeArgs a)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeFree([ProcessAbi.HeapRegionBase], out a)));
        Assert.Equal((0UL, 0UL), (a.Vaddr, a.Pages));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeFree([ProcessAbi.HeapRegionBase, 16, 0], out _)));

        // The ranges (a page-aligned vaddr, 1-64 pages, one earlier Alloc) are the root task's check: ProcessRules.CheckFree.
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeFree([ProcessAbi.HeapRegionBase + 0x10000, 16], out a)));
        Assert.Equal((ProcessAbi.HeapRegionBase + 0x10000, 16UL), (a.Vaddr, a.Pages));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeFree([3, 0], out a)));
        Assert.Equal((3UL, 0UL), (a.Vaddr, a.Pages));
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.Free));
    }

    [Fact]
    public void PanicCarriesAPcAndATextOfAtMost200Bytes()
    {
        var text = new byte[ProcessAbi.MaxPanicBytes];
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([], text, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([0x400100, 0, 0], text, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([0x400100, 0, 0, 201], text, out _))); // 201 bytes past the end
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodePanic([0x400100, 0, 0, 201, .. new ulong[26]], text, out _))); // over 200
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([0x400100, 0, 0, .. Packed("boom", 9)], text, out _))); // 9 bytes need 2 words
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodePanic([0x400100, 0, 0, .. Packed("boom", 4)], text, out PanicArgs a)));
        Assert.Equal((0x400100UL, 0UL, 0), (a.Pc, a.ExceptionType, a.Callers.Length));
        Assert.Equal("boom", Encoding.ASCII.GetString(a.Text));

        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = RootTaskProtocol.EncodePanic(7, 0, [], new byte[ProcessAbi.MaxPanicBytes], mrs);
        Assert.Equal(4 + (ProcessAbi.MaxPanicBytes / 8), length);
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodePanic(mrs.AsSpan(0, length), text, out a)));
        Assert.Equal((7UL, ProcessAbi.MaxPanicBytes), (a.Pc, a.Text.Length));
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.Panic));
    }

    [Fact]
    public void AnUncaughtExceptionsPanicCarriesItsTypeAndUpToTwelveCallers()
    {
        var text = new byte[ProcessAbi.MaxPanicBytes];
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        ulong[] callers = [.. System.Linq.Enumerable.Range(0, ProcessAbi.MaxPanicFrames).Select(i => 0x400000UL + ((ulong)i * 16))];
        int length = RootTaskProtocol.EncodePanic(0x400d50, 0x428648, callers, "key not found"u8, mrs);
        Assert.Equal(3 + 12 + 1 + 2, length);
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodePanic(mrs.AsSpan(0, length), text, out PanicArgs a)));
        Assert.Equal((0x400d50UL, 0x428648UL, 12), (a.Pc, a.ExceptionType, a.Callers.Length));
        Assert.Equal(callers, a.Callers.ToArray());
        Assert.Equal("key not found", Encoding.ASCII.GetString(a.Text));

        // More callers than the message holds is a length error; the limit of 12 is the root task's rule (ProcessRules.CheckPanic).
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([0x400100, 1, 5, 1, 2, 3], text, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePanic([0x400100, 1, 3, 1, 2, 3], text, out _))); // no text length
        ulong[] thirteen = [0x400100, 1, 13, .. new ulong[13], 0];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodePanic(thirteen, text, out PanicArgs b)));
        Assert.Equal(13, b.Callers.Length);
    }

    [Fact]
    public void PrintDecodesTextAndRejectsBadLengths()
    {
        ulong[] mrs = Packed("hello, world", 12);
        var text = new byte[ProcessAbi.MaxPrintBytes];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodePrint(mrs, text, out PrintArgs p)));
        Assert.Equal("hello, world", Encoding.ASCII.GetString(p.Text));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePrint([801], text, out _)));
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodePrint([801, .. new ulong[101]], text, out _))); // over 800 bytes
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePrint(mrs.AsSpan(0, mrs.Length - 1), text, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePrint([], text, out _)));
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodePrint([1, 0x4141], text, out _))); // padding not zero
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheRootProtocolsGeneratedFuzzerFindsNoFailure(int seed)
    {
        ProtocolFuzzReport report = RootTaskProtocol.Fuzz(seed, 20000);
        Assert.True(report.Failures == 0, report.ToString());
        Assert.True(report.Accepted > 2000 && report.Refused > 2000, report.ToString());
    }

    [Fact]
    public void SpawnDecodesNameAndArgs()
    {
        // name "counter", args "3\0", no quota: each a count word and its words.
        ulong[] mrs = [7, .. Packed("counter"), 2, '3', 0];
        var scratch = new byte[ProtocolWire.MaxWords * 8];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeSpawn(mrs, scratch, out SpawnArgs spawn)));
        Assert.Equal("counter", Encoding.ASCII.GetString(spawn.Name));
        Assert.Equal("3\0", Encoding.ASCII.GetString(spawn.Args));
        Assert.Equal(0, spawn.Quota.Length);
        Assert.Equal(RootError.Ok, SpawnRequest.Check(spawn.Name, spawn.Args));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeSpawn([7], scratch, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeSpawn([7, 0, 5000, 0, 0], scratch, out _))); // 5000 bytes past the end
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeSpawn(mrs.AsSpan(0, 3), scratch, out _)));

        // The name's and the args' limits are the root task's rules, after the decoder.
        Assert.Equal(RootError.BadArgument, SpawnRequest.Check([], []));
        Assert.Equal(RootError.BadArgument, SpawnRequest.Check(new byte[32], [])); // 31 bytes at most
        Assert.Equal(RootError.Ok, SpawnRequest.Check(new byte[31], new byte[ProcessAbi.MaxArgBytes]));
        Assert.Equal(RootError.BadArgument, SpawnRequest.Check(new byte[5], new byte[ProcessAbi.MaxArgBytes + 1]));

        // The quota: no words, or exactly six.
        Assert.Equal(RootError.Ok, SpawnRequest.DecodeQuota([], out _, out bool has));
        Assert.False(has);
        Assert.Equal(RootError.Ok, SpawnRequest.DecodeQuota([1, 2, 3, 4, 5, 6], out ProcessQuota quota, out has));
        Assert.True(has);
        Assert.Equal(new ProcessQuota(1, 2, 3, 4, 5, 6), quota);
        Assert.Equal(RootError.BadArgument, SpawnRequest.DecodeQuota([1, 2, 3], out _, out _));
    }

    [Theory]
    [InlineData("echo", RootError.Ok)]
    [InlineData("a.b-c_9", RootError.Ok)]
    [InlineData("Echo", RootError.BadName)]
    [InlineData("with space", RootError.BadName)]
    [InlineData("nul\0inside", RootError.BadName)]
    [InlineData("0123456789012345678901234567890123", RootError.BadName)]
    [InlineData("", RootError.BadName)]
    public void NamesAreDecodedThenCheckedForLengthAndCharacters(string name, RootError expected)
    {
        ulong[] mrs = Packed(name, (ulong)name.Length);
        var buffer = new byte[ConnectionAbi.NameScratchBytes];
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeConnOpen(mrs, buffer, out ConnOpenArgs open)));
        Assert.Equal(expected, ConnectionAbi.CheckName(open.Name));
    }

    [Fact]
    public void NameRequestsRejectWrongLengths()
    {
        var buffer = new byte[ConnectionAbi.NameScratchBytes];
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeSubscribe([0, 0x6F686365], buffer, out _))); // a word left over
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnOpen([], buffer, out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeReadTopic([33, 0], buffer, out _))); // 33 bytes past the end
        ulong[] mrs = Packed("echo", 0x2000_0000, 4);
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnPublish([.. mrs, 0], buffer, out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeConnPublish(mrs, buffer, out ConnPublishArgs publish)));
        Assert.Equal(("echo", 0x2000_0000UL), (Encoding.ASCII.GetString(publish.Name), publish.BufferAddress));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodePublishTopic([4], buffer, out _)));
        Assert.Equal(RootError.BadArgument, E(RootTaskProtocol.DecodeUnsubscribe([1, 0x6565], buffer, out _))); // padding not zero
    }

    [Fact]
    public void ShareNeedsExactlyTwoWords()
    {
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnShare([1], out _)));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeConnShare([1, 2, 3], out _)));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeConnShare([7, 0x4900_0000], out ConnShareArgs share)));
        (ulong handle, ulong vaddr) = (share.Handle, share.Vaddr);
        Assert.Equal((7UL, 0x4900_0000UL), (handle, vaddr));
    }

    [Fact]
    public void CSpaceGrowTakesNoWordsAndItsReplyNamesAnAddedCNode()
    {
        Assert.Equal(0, RootTaskProtocol.EncodeCSpaceGrow([]));
        Assert.Equal(RootError.Ok, E(RootTaskProtocol.DecodeCSpaceGrow([])));
        Assert.Equal(RootError.BadLength, E(RootTaskProtocol.DecodeCSpaceGrow([0])));
        Assert.True(CSpaceGrowRequest.DecodeReply(CapSlots.Cptr(1, 0), out int k) && k == 1);
        Assert.True(CSpaceGrowRequest.DecodeReply(CapSlots.Cptr(63, 0), out k) && k == 63);
        Assert.False(CSpaceGrowRequest.DecodeReply(0, out _)); // CNode 0 is never added
        Assert.False(CSpaceGrowRequest.DecodeReply(CapSlots.Cptr(2, 1), out _));
        Assert.False(CSpaceGrowRequest.DecodeReply(CapSlots.FaultHandler, out _));
        Assert.False(CSpaceGrowRequest.DecodeReply(CapSlots.Cptr(1, 0) | (1UL << 20), out _)); // guard bits set
    }

    [Fact]
    public void CptrsOfEveryCNodeResolveDepth64FromTheDirectory()
    {
        // top (3 bits) + directory (6) + a CNode's guard + its radix (8) = 64: SelfCNode with depth 64 reaches them all.
        Assert.Equal(55, CapSlots.CNodeShift);
        Assert.Equal(64, CapSlots.TopBits + CapSlots.DirectoryBits + (CapSlots.CNodeShift - CapSlots.CNodeSizeBits) + CapSlots.CNodeSizeBits);
        Assert.Equal(64, CapSlots.TopBits + CapSlots.DirectoryBits + (CapSlots.CNodeShift - CapSlots.FirstCNodeSizeBits) + CapSlots.FirstCNodeSizeBits);
        Assert.Equal(CapSlots.FirstFree, CapSlots.Cptr(0, (int)CapSlots.FirstFree)); // CNode 0: cptr == slot, as before
        Assert.True(CapSlots.IsAppCptr(CapSlots.FirstCNodeSlots - 1));
        Assert.False(CapSlots.IsAppCptr(CapSlots.FirstCNodeSlots)); // CNode 0 has 64 slots
        Assert.True(CapSlots.IsAppCptr(CapSlots.Cptr(1, CapSlots.FirstCNodeSlots)));
        ulong c = CapSlots.Cptr(5, 200);
        Assert.Equal((5, 200), (CapSlots.CNodeOf(c), CapSlots.SlotOf(c)));
        Assert.True(CapSlots.IsAppCptr(c));
        Assert.True(CapSlots.Cptr(CapSlots.MaxCNodes - 1, 255) < CapSlots.FaultHandler);
    }

    [Fact]
    public void EveryRequestLabelIsKnownAndNothingElse()
    {
        foreach (RootRequest r in Enum.GetValues<RootRequest>())
        {
            Assert.True(RootReplies.IsRequest((ulong)r), r.ToString());
        }

        Assert.Equal(Enum.GetValues<RootRequest>().Length, Enumerable(0, 64).Count(l => RootReplies.IsRequest(l)));
    }

    private static System.Collections.Generic.IEnumerable<ulong> Enumerable(ulong from, ulong count)
    {
        for (ulong i = from; i < from + count; i++)
        {
            yield return i;
        }
    }
}

public class RootErrorTests
{
    [Fact]
    public void LastErrorIsTheHighestAndEveryErrorHasItsOwnSentence()
    {
        RootError[] all = Enum.GetValues<RootError>();
        Assert.Equal(ProcessAbi.LastError, all.Max());
        Assert.Equal((int)ProcessAbi.LastError + 1, all.Length); // no gaps: chaos counts replies by label
        Assert.Equal(all.Length, all.Select(ProcessAbi.Describe).Distinct().Count());
        Assert.Equal("unknown root task error", ProcessAbi.Describe(ProcessAbi.LastError + 1));
    }
}
