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

    [Fact]
    public void OneWordRequestsNeedExactlyOneWord()
    {
        Assert.Equal(RootError.BadLength, OneWordRequest.Decode([], out _));
        Assert.Equal(RootError.BadLength, OneWordRequest.Decode([1, 2], out _));
        Assert.Equal(RootError.Ok, OneWordRequest.Decode([42], out ulong v));
        Assert.Equal(42UL, v);
        Assert.Equal(RootError.BadLength, ExitRequest.Decode([1, 2], out _));
        Assert.Equal(RootError.Ok, ExitRequest.Decode([unchecked((ulong)-3L)], out long code));
        Assert.Equal(-3L, code);
    }

    [Fact]
    public void FreeNeedsExactlyTwoWordsAndPassesThemOnUnchecked()
    {
        Assert.Equal(RootError.BadLength, FreeRequest.Decode([], out FreeArgs a));
        Assert.Equal(RootError.BadLength, FreeRequest.Decode([ProcessAbi.HeapRegionBase], out a));
        Assert.Equal((0UL, 0UL), (a.Vaddr, a.Pages));
        Assert.Equal(RootError.BadLength, FreeRequest.Decode([ProcessAbi.HeapRegionBase, 16, 0], out _));

        // The ranges (a page-aligned vaddr, 1-64 pages, one earlier Alloc) are the root task's check: ProcessRules.CheckFree.
        Assert.Equal(RootError.Ok, FreeRequest.Decode([ProcessAbi.HeapRegionBase + 0x10000, 16], out a));
        Assert.Equal((ProcessAbi.HeapRegionBase + 0x10000, 16UL), (a.Vaddr, a.Pages));
        Assert.Equal(RootError.Ok, FreeRequest.Decode([3, 0], out a));
        Assert.Equal((3UL, 0UL), (a.Vaddr, a.Pages));
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.Free));
        Assert.Equal(8UL, (ulong)FreeRequest.Label);
    }

    [Fact]
    public void PanicCarriesAPcAndATextOfAtMost200Bytes()
    {
        var text = new byte[ProcessAbi.MaxPanicBytes];
        var frames = new ulong[ProcessAbi.MaxPanicFrames];
        Assert.Equal(RootError.BadLength, PanicRequest.Decode([], frames, text, out _));
        Assert.Equal(RootError.BadLength, PanicRequest.Decode([0x400100, 0, 0], frames, text, out _));
        Assert.Equal(RootError.BadArgument, PanicRequest.Decode([0x400100, 0, 0, 201], frames, text, out _));
        Assert.Equal(RootError.BadLength, PanicRequest.Decode([0x400100, 0, 0, .. Packed("boom", 9)], frames, text, out _)); // 9 bytes need 2 words
        Assert.Equal(RootError.Ok, PanicRequest.Decode([0x400100, 0, 0, .. Packed("boom", 4)], frames, text, out PanicArgs a));
        Assert.Equal((0x400100UL, 0UL, 0, 4), (a.Pc, a.ExceptionType, a.FrameCount, a.TextLength));
        Assert.Equal("boom", Encoding.ASCII.GetString(text, 0, a.TextLength));

        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        int length = PanicRequest.Encode(7, new byte[ProcessAbi.MaxPanicBytes], mrs);
        Assert.Equal(4 + (ProcessAbi.MaxPanicBytes / 8), length);
        Assert.Equal(RootError.Ok, PanicRequest.Decode(mrs.AsSpan(0, length), frames, text, out a));
        Assert.Equal((7UL, ProcessAbi.MaxPanicBytes), (a.Pc, a.TextLength));
        Assert.True(RootReplies.IsRequest((ulong)RootRequest.Panic));
    }

    [Fact]
    public void AnUncaughtExceptionsPanicCarriesItsTypeAndUpToTwelveCallers()
    {
        var text = new byte[ProcessAbi.MaxPanicBytes];
        var frames = new ulong[ProcessAbi.MaxPanicFrames];
        var mrs = new ulong[ProcessAbi.MaxMessageRegisters];
        ulong[] callers = [.. System.Linq.Enumerable.Range(0, ProcessAbi.MaxPanicFrames).Select(i => 0x400000UL + ((ulong)i * 16))];
        int length = PanicRequest.Encode(0x400d50, 0x428648, callers, "key not found"u8, mrs);
        Assert.Equal(3 + 12 + 1 + 2, length);
        Assert.Equal(RootError.Ok, PanicRequest.Decode(mrs.AsSpan(0, length), frames, text, out PanicArgs a));
        Assert.Equal((0x400d50UL, 0x428648UL, 12), (a.Pc, a.ExceptionType, a.FrameCount));
        Assert.Equal(callers, frames);
        Assert.Equal("key not found", Encoding.ASCII.GetString(text, 0, a.TextLength));

        // A caller count over the limit, or more callers than the message holds, is refused.
        Assert.Equal(RootError.BadArgument, PanicRequest.Decode([0x400100, 1, 13, .. new ulong[13], 0], new ulong[16], text, out _));
        Assert.Equal(RootError.BadArgument, PanicRequest.Decode([0x400100, 1, 3, 1, 2, 3, 0], new ulong[2], text, out _));
        Assert.Equal(RootError.BadLength, PanicRequest.Decode([0x400100, 1, 5, 1, 2, 3], frames, text, out _));
        Assert.Equal(RootError.BadLength, PanicRequest.Decode([0x400100, 1, 3, 1, 2, 3], frames, text, out _)); // no text length
    }

    [Fact]
    public void PrintDecodesTextAndRejectsBadLengths()
    {
        ulong[] mrs = Packed("hello, world", 12);
        var text = new byte[ProcessAbi.MaxPrintBytes];
        Assert.Equal(RootError.Ok, PrintRequest.Decode(mrs, text, out int n));
        Assert.Equal("hello, world", Encoding.ASCII.GetString(text, 0, n));
        Assert.Equal(RootError.BadArgument, PrintRequest.Decode([801], text, out _));
        Assert.Equal(RootError.BadLength, PrintRequest.Decode(mrs.AsSpan(0, mrs.Length - 1), text, out _));
        Assert.Equal(RootError.BadLength, PrintRequest.Decode([], text, out _));
    }

    [Fact]
    public void SpawnDecodesNameAndArgs()
    {
        // name "counter", args "3\0"
        ulong[] mrs = new ulong[2 + 1 + 1];
        mrs[0] = 7;
        mrs[1] = 2;
        Array.Copy(Packed("counter"), 0, mrs, 2, 1);
        mrs[3] = '3';
        var name = new byte[32];
        var args = new byte[ProcessAbi.MaxArgBytes];
        Assert.Equal(RootError.Ok, SpawnRequest.Decode(mrs, name, args, out int nl, out int al));
        Assert.Equal("counter", Encoding.ASCII.GetString(name, 0, nl));
        Assert.Equal(2, al);
        Assert.Equal((byte)'3', args[0]);
        Assert.Equal(RootError.BadLength, SpawnRequest.Decode([7], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, SpawnRequest.Decode([0, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, SpawnRequest.Decode([40, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadArgument, SpawnRequest.Decode([32, 0], name, args, out _, out _)); // 31 bytes at most
        Assert.Equal(RootError.BadArgument, SpawnRequest.Decode([7, 5000, 0], name, args, out _, out _));
        Assert.Equal(RootError.BadLength, SpawnRequest.Decode(mrs.AsSpan(0, 3), name, args, out _, out _));
    }

    [Theory]
    [InlineData("echo", RootError.Ok)]
    [InlineData("a.b-c_9", RootError.Ok)]
    [InlineData("Echo", RootError.BadName)]
    [InlineData("with space", RootError.BadName)]
    [InlineData("nul\0inside", RootError.BadName)]
    [InlineData("0123456789012345678901234567890123", RootError.BadName)]
    public void NamesAreCheckedForLengthAndCharacters(string name, RootError expected)
    {
        ulong[] mrs = Packed(name, (ulong)name.Length);
        var buffer = new byte[ConnectionAbi.MaxNameBytes];
        Assert.Equal(expected, NameRequest.Decode(mrs, buffer, out _));
    }

    [Fact]
    public void NameRequestsRejectEmptyNamesAndWrongLengths()
    {
        var buffer = new byte[ConnectionAbi.MaxNameBytes];
        Assert.Equal(RootError.BadName, NameRequest.Decode([0], buffer, out _));
        Assert.Equal(RootError.BadLength, NameRequest.Decode([], buffer, out _));
        ulong[] mrs = Packed("echo", 4, 0x2000_0000);
        Assert.Equal(RootError.BadLength, PublishRequest.Decode([.. mrs, 0], buffer, out _, out _));
        Assert.Equal(RootError.Ok, PublishRequest.Decode(mrs, buffer, out int n, out ulong vaddr));
        Assert.Equal(4, n);
        Assert.Equal(0x2000_0000UL, vaddr);
        Assert.Equal(RootError.BadLength, PublishTopicRequest.Decode([4], buffer, out _, out _));
    }

    [Fact]
    public void ShareNeedsExactlyTwoWords()
    {
        Assert.Equal(RootError.BadLength, ShareRequest.Decode([1], out _, out _));
        Assert.Equal(RootError.BadLength, ShareRequest.Decode([1, 2, 3], out _, out _));
        Assert.Equal(RootError.Ok, ShareRequest.Decode([7, 0x4900_0000], out ulong handle, out ulong vaddr));
        Assert.Equal((7UL, 0x4900_0000UL), (handle, vaddr));
    }

    [Fact]
    public void RepliesCarryTheirValueOnlyWhenOk()
    {
        Assert.Equal(RootError.Ok, RootReplies.Decode(0, [5], out ulong v));
        Assert.Equal(5UL, v);
        Assert.Equal(RootError.NoSuchName, RootReplies.Decode((ulong)RootError.NoSuchName, [5], out v));
        Assert.Equal(0UL, v);
        Assert.Equal(RootError.Ok, RootReplies.Decode(0, [], out v));
        Assert.Equal(0UL, v);
        Assert.Equal(1, RootReplies.ExtraCaps(RootError.Ok, withCap: true));
        Assert.Equal(0, RootReplies.ExtraCaps(RootError.NameTaken, withCap: true));
    }

    [Fact]
    public void CSpaceGrowTakesNoWordsAndItsReplyNamesAnAddedCNode()
    {
        Assert.Equal(46UL, (ulong)CSpaceGrowRequest.Label);
        Assert.Equal(0, CSpaceGrowRequest.Encode([]));
        Assert.Equal(RootError.Ok, CSpaceGrowRequest.Decode([]));
        Assert.Equal(RootError.BadLength, CSpaceGrowRequest.Decode([0]));
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
        Assert.Equal(CapSlots.FirstFree, CapSlots.Cptr(0, (int)CapSlots.FirstFree)); // CNode 0: cptr == slot, as before
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
