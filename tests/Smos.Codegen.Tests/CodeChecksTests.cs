// Unit tests of the codegen checks on hand-written objdump text: each check passes good code and flags bad code.
using System;
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Xunit;

namespace Smos.Codegen.Tests;

public sealed class CodeChecksTests
{
    // MR0 reloaded after the call (volatile) and returned plus a field of the reply.
    private const string Reloads = """
        0000000000000100 <good>:
             100:	stp	x29, x30, [sp, #-32]!
             104:	mov	x1, #0x2a                  	// #42
             108:	stlr	x1, [x20]
             10c:	bl	0 <smos_sys_call>
        			10c: R_AARCH64_CALL26	smos_sys_call
             110:	mov	x19, x0
             114:	ldr	x0, [x21]
             118:	add	x0, x0, #0x8
             11c:	ldar	x20, [x0]
             120:	bl	200 <Close>
             124:	lsr	x0, x19, #7
             128:	add	x0, x20, w0, sxtw
             12c:	ldp	x29, x30, [sp], #32
             130:	ret
        """;

    // The value written before the call is returned as a constant: only the epilogue loads (from the stack).
    private const string Folded = """
        0000000000000100 <bad>:
             100:	stp	x29, x30, [sp, #-32]!
             104:	mov	x1, #0x2a                  	// #42
             108:	str	x1, [x20]
             10c:	bl	0 <smos_sys_call>
        			10c: R_AARCH64_CALL26	smos_sys_call
             110:	mov	x0, #0x2a                  	// #42
             114:	ldp	x29, x30, [sp], #32
             118:	ret
        """;

    // Memory is read after the call, but the returned value does not come from it.
    private const string LoadsButReturnsConstant = """
        0000000000000100 <mixed>:
             100:	bl	0 <smos_sys_call>
        			100: R_AARCH64_CALL26	smos_sys_call
             104:	ldr	x1, [x21, #40]
             108:	mov	x0, #0x2a
             10c:	ret
        """;

    private const string Loops = """
        0000000000000000 <hoisted>:
               0:	ldr	x0, [x0]
               4:	cbz	x0, 4 <hoisted+0x4>
               8:	ret

        0000000000000010 <volatile>:
              10:	ldr	x1, [x29, #24]
              14:	ldar	x0, [x1]
              18:	cbz	x0, 10 <volatile>
              1c:	ret

        0000000000000020 <stackonly>:
              20:	ldr	x0, [x29, #24]
              24:	cbz	x0, 20 <stackonly>
              28:	ret
        """;

    private const string Stores = """
        0000000000000000 <twice>:
               0:	stp	x29, x30, [sp, #-16]!
               4:	mov	x1, #0x1                   	// #1
               8:	stlr	x1, [x0]
               c:	mov	x1, #0x2                   	// #2
              10:	stlr	x1, [x0]
              14:	str	xzr, [x0, #8]
              18:	ldp	x29, x30, [sp], #16
              1c:	ret

        0000000000000020 <once>:
              20:	mov	x1, #0x2                   	// #2
              24:	str	x1, [x0]
              28:	ret
        """;

    [Fact]
    public void LoadsAfterCallFindsTheReloadAndIgnoresTheEpilogue()
    {
        Assert.Equal([0x114UL, 0x11cUL], CodeChecks.LoadsAfterCall(Fn(Reloads, "good"), "smos_sys_call").Select(i => i.Address));
        Assert.Empty(CodeChecks.LoadsAfterCall(Fn(Folded, "bad"), "smos_sys_call"));
    }

    [Fact]
    public void ReturnValueLoadsTracesTheReturnedRegister()
    {
        Assert.Equal("ldar", Assert.Single(CodeChecks.ReturnValueLoads(Fn(Reloads, "good"), "smos_sys_call")).Mnemonic);
        Assert.Empty(CodeChecks.ReturnValueLoads(Fn(Folded, "bad"), "smos_sys_call"));
        Assert.NotEmpty(CodeChecks.LoadsAfterCall(Fn(LoadsButReturnsConstant, "mixed"), "smos_sys_call"));
        Assert.Empty(CodeChecks.ReturnValueLoads(Fn(LoadsButReturnsConstant, "mixed"), "smos_sys_call"));
    }

    [Fact]
    public void MissingCallIsAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CodeChecks.LoadsAfterCall(Fn(Reloads, "good"), "smos_sys_recv"));
        Assert.Contains("smos_sys_call", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopsWithoutLoadFlagsAHoistedPoll()
    {
        Loop flagged = Assert.Single(CodeChecks.LoopsWithoutLoad(Fn(Loops, "hoisted")));
        Assert.Equal(0x4UL, flagged.Start);
        Assert.Equal("cbz", Assert.Single(flagged.Body).Mnemonic);
    }

    [Fact]
    public void LoopsWithoutLoadPassesAVolatilePollAndCountsOnlyMemoryLoads()
    {
        Assert.Single(CodeChecks.Loops(Fn(Loops, "volatile")));
        Assert.Empty(CodeChecks.LoopsWithoutLoad(Fn(Loops, "volatile")));
        Assert.Single(CodeChecks.LoopsWithoutLoad(Fn(Loops, "stackonly")));
    }

    [Fact]
    public void StoresAreCountedPerLocationWithTheirValues()
    {
        DisassembledFunction twice = Fn(Stores, "twice");
        Assert.Equal(3, CodeChecks.CountStores(twice));
        var atX0 = CodeChecks.StoresByLocation(twice)["[x0]"];
        Assert.Equal(2, atX0.Count);
        Assert.All(atX0, s => Assert.True(s.IsReleaseStore));
        Assert.Equal<string?>(["#0x1", "#0x2"], atX0.Select(s => CodeChecks.StoredValue(twice, s)));
        Assert.Equal("#0x0", CodeChecks.StoredValue(twice, CodeChecks.StoresByLocation(twice)["[x0, #8]"][0]));

        DisassembledFunction once = Fn(Stores, "once");
        Assert.Equal(1, CodeChecks.CountStores(once));
        Assert.Equal("#0x2", CodeChecks.StoredValue(once, CodeChecks.Stores(once)[0]));
    }

    private static DisassembledFunction Fn(string text, string name) =>
        ObjdumpListing.Parse(text).Find(name) ?? throw new InvalidOperationException($"{name} not parsed");
}
