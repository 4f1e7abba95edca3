// The validate step of the process requests, one test per error (docs/protocol.md).
using System;
using System.Text;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Xunit;

namespace Smos.RootTask.Tests;

public class ProcessRulesTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("hello", "", RootError.Ok)]
    [InlineData("counter", "3\0", RootError.Ok)]
    [InlineData("", "", RootError.BadArgument)]                       // empty name
    [InlineData("Hello", "", RootError.BadArgument)]                  // capital letter
    [InlineData("demos/echo", "", RootError.BadArgument)]             // not an app name
    [InlineData("0123456789012345678901234567890123", "", RootError.BadArgument)] // too long
    [InlineData("hello", "unterminated", RootError.BadArgument)]      // args not NUL-terminated
    public void SpawnArguments(string name, string args, RootError expected)
    {
        Assert.Equal(expected, ProcessRules.CheckSpawn(B(name), B(args), out _));
    }

    [Fact]
    public void SpawnArgumentsMustFitTheStartInfoPage()
    {
        byte[] args = new byte[ProcessAbi.MaxArgBytes];
        args[^1] = 0;
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckSpawn(B("hello"), args, out _));
        Assert.Equal(RootError.Ok, ProcessRules.CheckSpawn(B("hello"), args.AsSpan(0, ProcessAbi.MaxArgBytes - 6), out int count));
        Assert.Equal(ProcessAbi.MaxArgBytes - 6, count);
    }

    [Fact]
    public void WaitErrors()
    {
        Assert.Equal(RootError.NoSuchProcess, ProcessRules.CheckWait(targetExists: false, targetIsCaller: false, callerIsParent: true, alreadyWaitedOn: false));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckWait(true, targetIsCaller: true, false, false));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckWait(true, false, callerIsParent: true, alreadyWaitedOn: true));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckWait(true, false, callerIsParent: false, alreadyWaitedOn: false));
        Assert.Equal(RootError.Ok, ProcessRules.CheckWait(true, false, true, false));
    }

    [Fact]
    public void KillErrors()
    {
        Assert.Equal(RootError.NoSuchProcess, ProcessRules.CheckKill(targetExists: false, targetInCallersSubtree: true));
        Assert.Equal(RootError.NotPermitted, ProcessRules.CheckKill(true, targetInCallersSubtree: false));
        Assert.Equal(RootError.Ok, ProcessRules.CheckKill(true, targetInCallersSubtree: true));
    }

    [Fact]
    public void AllocErrors()
    {
        // 1 page to the whole heap region (2^24 pages, 64 GiB) in one request; what the caller may hold is its quotas'
        // check when the grant is made (QuotaRequestTests), not a page count here.
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc(0));
        Assert.Equal(RootError.Ok, ProcessRules.CheckAlloc(1));
        Assert.Equal(RootError.Ok, ProcessRules.CheckAlloc(65)); // past the old limit of 64 pages a request
        Assert.Equal(RootError.Ok, ProcessRules.CheckAlloc(1 << 24));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc((1 << 24) + 1));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc((1UL << 32) | 1)); // 1 if cut to 32 bits
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckAlloc(ulong.MaxValue));
        Assert.Equal(1 << 24, ProcessAbi.HeapRegionPages);
        Assert.Equal(ProcessAbi.HeapRegionBase + (64UL << 30), ProcessAbi.HeapRegionEnd);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(16, 16, 1)]
    [InlineData(17, 16, 2)]       // 16 + 1: charged 68 KiB, not a 128 KiB block
    [InlineData(256, 256, 1)]
    [InlineData(257, 256, 2)]
    [InlineData(1034, 256, 6)]    // a 4 MiB array's chunk: 4 x 256 + 8 + 2
    [InlineData(1 << 24, 256, 65536)]
    public void AGrantIsMadeOfPowerOfTwoAllocationsOfAtMost256Frames(int pages, int firstPiece, int pieces)
    {
        Assert.Equal(firstPiece, ProcessRules.GrantPiece(pages));
        Assert.Equal(pieces, ProcessRules.GrantPieces(pages));
        int sum = 0;
        for (int left = pages; left > 0; left -= ProcessRules.GrantPiece(left))
        {
            int piece = ProcessRules.GrantPiece(left);
            Assert.True(piece >= 1 && piece <= 256 && (piece & (piece - 1)) == 0 && piece <= left);
            sum += piece;
        }

        Assert.Equal(pages, sum);
    }

    private const ulong Heap = ProcessAbi.HeapRegionBase;
    private const ulong Page = ProcessAbi.PageSize;

    private static HeapGrant[] Grants(params (ulong Page, int Pages)[] grants)
    {
        var list = new HeapGrant[grants.Length];
        for (int i = 0; i < grants.Length; i++)
        {
            list[i] = new HeapGrant { Vaddr = Heap + (grants[i].Page * Page), Pages = grants[i].Pages };
        }

        return list;
    }

    [Fact]
    public void FreeTakesExactlyOneEarlierGrant()
    {
        HeapGrant[] grants = Grants((0, 16), (16, 4), (40, 64));
        Assert.Equal(RootError.Ok, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap + (16 * Page), Pages = 4 }, grants, out int index));
        Assert.Equal(1, index);
        Assert.Equal(RootError.Ok, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap, Pages = 16 }, grants, out index));
        Assert.Equal(0, index);
        Assert.Equal(RootError.Ok, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap + (40 * Page), Pages = 64 }, grants, out index));
        Assert.Equal(2, index);
    }

    [Theory]
    [InlineData(Heap, 0UL)]                         // no pages
    [InlineData(Heap, 15UL)]                        // part of the first grant
    [InlineData(Heap, 20UL)]                        // the first grant and the next one
    [InlineData(Heap + 0x1000, 15UL)]               // inside the first grant
    [InlineData(Heap + 0x800, 16UL)]                // unaligned
    [InlineData(Heap + 0x1_4000, 4UL)]              // after a grant, in a gap
    [InlineData(Heap + 0x2_8000, 65UL)]             // more than the grant there
    [InlineData(Heap + 0x2_8000, (1UL << 24) + 1)]  // more than one Alloc grants (the whole region)
    [InlineData(Heap + 0x2_8000, 0x1_0000_0040UL)]  // 64 if cut to 32 bits
    [InlineData(0x40_0000UL, 1UL)]                  // the ELF
    [InlineData(0x7f00_000f_f000UL, 1UL)]           // the stack's top page
    [InlineData(0x7f00_0000_1000UL, 1UL)]           // the IPC buffer
    [InlineData(0x2000_0000UL, 1UL)]                // a notification buffer's place
    [InlineData(0UL, 1UL)]
    [InlineData(ulong.MaxValue - 0xfffUL, 16UL)]
    public void FreeOfAnythingButAGrantIsBadArgument(ulong vaddr, ulong pages)
    {
        HeapGrant[] grants = Grants((0, 16), (16, 4), (40, 64));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckFree(new FreeArgs { Vaddr = vaddr, Pages = pages }, grants, out int index));
        Assert.Equal(-1, index);
    }

    [Fact]
    public void AGrantFreedAlreadyIsNoGrant()
    {
        HeapGrant[] before = Grants((0, 16), (16, 4));
        HeapGrant[] after = Grants((16, 4));
        Assert.Equal(RootError.Ok, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap, Pages = 16 }, before, out _));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap, Pages = 16 }, after, out _));
        Assert.Equal(RootError.BadArgument, ProcessRules.CheckFree(new FreeArgs { Vaddr = Heap, Pages = 16 }, [], out _));
    }

    [Fact]
    public void WithoutFreesGrantsFollowOneAnotherLikeAHeapBreak()
    {
        const ulong End = Heap + (256 * Page);
        Assert.True(ProcessRules.FindHeapRange([], 16, Heap, End, out ulong at, out int index));
        Assert.Equal((Heap, 0), (at, index));
        Assert.True(ProcessRules.FindHeapRange(Grants((0, 16), (16, 20)), 64, Heap, End, out at, out index));
        Assert.Equal((Heap + (36 * Page), 2), (at, index));
    }

    [Fact]
    public void AFreedRangeIsGrantedAgainLowestFirst()
    {
        const ulong End = Heap + (256 * Page);

        // 16 pages freed at 16..31, 8 at 48..55: a grant of 16 takes the first hole, one of 8 too, one of 17 goes on top.
        HeapGrant[] grants = Grants((0, 16), (32, 16), (56, 8));
        Assert.True(ProcessRules.FindHeapRange(grants, 16, Heap, End, out ulong at, out int index));
        Assert.Equal((Heap + (16 * Page), 1), (at, index));
        Assert.True(ProcessRules.FindHeapRange(grants, 8, Heap, End, out at, out index));
        Assert.Equal((Heap + (16 * Page), 1), (at, index));
        Assert.True(ProcessRules.FindHeapRange(grants, 17, Heap, End, out at, out index));
        Assert.Equal((Heap + (64 * Page), 3), (at, index));

        // A hole at the start of the region.
        Assert.True(ProcessRules.FindHeapRange(Grants((16, 16)), 16, Heap, End, out at, out index));
        Assert.Equal((Heap, 0), (at, index));
    }

    [Fact]
    public void AGrantMustFitTheRegion()
    {
        const ulong End = Heap + (256 * Page);
        Assert.True(ProcessRules.FindHeapRange(Grants((0, 192)), 64, Heap, End, out ulong at, out _));
        Assert.Equal(Heap + (192 * Page), at);
        Assert.False(ProcessRules.FindHeapRange(Grants((0, 193)), 64, Heap, End, out at, out int index));
        Assert.Equal((0UL, -1), (at, index));

        // 64 pages free within the quota, but in two holes of 32: no single range fits.
        Assert.False(ProcessRules.FindHeapRange(Grants((0, 32), (64, 64), (160, 64)), 64, Heap, End, out _, out _));
        Assert.True(ProcessRules.FindHeapRange(Grants((0, 32), (64, 64), (160, 64)), 32, Heap, End, out at, out _));
        Assert.Equal(Heap + (32 * Page), at);
    }
}
