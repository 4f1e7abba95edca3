// Unit tests of IpcBufferFlow on hand-written objdump text: it follows the buffer pointer and flags plain accesses.
using System;
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Xunit;

namespace Smos.Codegen.Tests;

public sealed class IpcBufferFlowTests
{
    // A words-path client in miniature: the buffer from the context, MR4's address kept in a span in the frame, the span
    // handed to a copy (volatile stores in a loop), the call, then a volatile load of MR5 through a spilled pointer.
    private const string Good = """
        0000000000000100 <client>:
             100:	stp	x29, x30, [sp, #-64]!
             104:	mov	x29, sp
             108:	bl	0 <smos_thread_context>
        			108: R_AARCH64_CALL26	smos_thread_context
             10c:	mov	x23, x0
             110:	ldr	x25, [x23]
             114:	ldrsb	wzr, [x25], #8
             118:	add	x25, x25, #0x20
             11c:	str	x25, [x29, #16]
             120:	str	x25, [x29, #56]
             124:	add	x0, x29, #0x10
             128:	bl	200 <copy>
             12c:	bl	0 <smos_sys_call_fast>
        			12c: R_AARCH64_CALL26	smos_sys_call_fast
             130:	ldr	x1, [x29, #56]
             134:	ldar	x0, [x1, #8]
             138:	ldp	x29, x30, [sp], #64
             13c:	ret

        0000000000000200 <copy>:
             200:	mov	x20, x0
             204:	mov	w22, wzr
             208:	ldr	x0, [x20]
             20c:	add	x23, x0, x22, lsl #3
             210:	ldr	x1, [x21, w22, uxtw #3]
             214:	stlr	x1, [x23]
             218:	add	w22, w22, #0x1
             21c:	cmp	w22, w19
             220:	b.lt	208 <copy+0x8>
             224:	ret
        """;

    // The same words written with plain stores, and the pointer lost (a call clobbers x1) before a load through x1.
    private const string Plain = """
        0000000000000100 <plain>:
             100:	bl	0 <smos_thread_context>
        			100: R_AARCH64_CALL26	smos_thread_context
             104:	ldr	x20, [x0]
             108:	add	x20, x20, #0x8
             10c:	stp	x2, x3, [x20, #32]
             110:	ldr	x1, [x0]
             114:	bl	0 <smos_sys_call_fast>
        			114: R_AARCH64_CALL26	smos_sys_call_fast
             118:	ldr	x2, [x1]
             11c:	ldr	x0, [x20, #32]
             120:	ret
        """;

    [Fact]
    public void FollowsTheBufferPointerIntoASpanAndThroughAFrameSlot()
    {
        ObjdumpListing listing = ObjdumpListing.Parse(Good);
        IpcBufferFlow flow = IpcBufferFlow.Follow(listing.Find("client")!, listing.Find);

        SpanPass pass = Assert.Single(flow.SpanPasses);
        Assert.Equal(("copy", "x0", 40L), (pass.Callee, pass.Register, pass.Offset));
        Assert.Equal(
            ["client 114 null-check 0", "client 134 volatile 48", "copy 214 volatile ?"],
            flow.Accesses.Select(a => $"{a.Function} {a.Access.Address:x} {(a.IsNullCheck ? "null-check" : a.IsVolatile ? "volatile" : "plain")} {a.Offset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}"));
        Assert.Equal(0x128UL, flow.Accesses[2].Site.Address);
    }

    [Fact]
    public void FlagsPlainAccessesAndForgetsPointersACallClobbers()
    {
        IpcBufferFlow flow = IpcBufferFlow.Analyze(ObjdumpListing.Parse(Plain).Find("plain")!);

        Assert.Equal([0x10cUL, 0x11cUL], flow.Accesses.Select(a => a.Access.Address));
        Assert.All(flow.Accesses, a => Assert.False(a.IsVolatile));
        Assert.Equal([40L, 48L], flow.Accesses[0].Offsets);
        Assert.Empty(flow.SpanPasses);
    }

    [Fact]
    public void ASeededSpanArgumentIsFollowedWithoutTheCaller()
    {
        IpcBufferFlow flow = IpcBufferFlow.Analyze(ObjdumpListing.Parse(Good).Find("copy")!, "x0", 40);

        IpcAccess store = Assert.Single(flow.Accesses);
        Assert.True(store.IsVolatile && store.Access.IsStore);
        Assert.Null(store.Offset);
        Assert.Empty(IpcBufferFlow.Analyze(ObjdumpListing.Parse(Good).Find("copy")!).Accesses);
        Assert.Throws<InvalidOperationException>(() => IpcBufferFlow.Follow(ObjdumpListing.Parse(Good).Find("client")!, _ => null));
    }
}
