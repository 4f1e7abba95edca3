// Unit tests of the objdump parser and instruction classification, on hand-written objdump text.
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Xunit;

namespace Smos.Codegen.Tests;

public sealed class ObjdumpListingTests
{
    internal const string Sample = """

        probes.o:     file format elf64-littleaarch64

        SYMBOL TABLE:
        0000000000000000 g     F __managedcode	0000000000000020 .hidden Probes__Export
        0000000000000020 g     F __managedcode	0000000000000018 .hidden Probes__Body
        0000000000000000 g     F __managedcode	0000000000000020 probe_sample


        Disassembly of section __managedcode:

        0000000000000000 <Probes__Export>:
               0:	stp	x29, x30, [sp, #-16]!
               4:	mov	x29, sp
               8:	bl	40 <RhpReversePInvoke>
               c:	bl	20 <Probes__Body>
              10:	bl	0 <smos_sys_call>
        			10: R_AARCH64_CALL26	smos_sys_call
              14:	ldp	x29, x30, [sp], #16
              18:	ret
        	...

        0000000000000020 <Probes__Body>:
              20:	ldr	x0, [x0]
              24:	cbz	x0, 24 <Probes__Body+0x4>
              28:	mov	w1, #0x5                   	// #5
              2c:	b.le	20 <Probes__Body>  // b.none
              30:	ret

        """;

    [Fact]
    public void ParsesFunctionsInstructionsAndOperands()
    {
        ObjdumpListing listing = ObjdumpListing.Parse(Sample);
        Assert.Equal(["Probes__Body", "Probes__Export"], listing.Functions.Select(f => f.Name).Order());
        DisassembledFunction body = listing.Find("Probes__Body")!;
        Assert.Equal(0x20UL, body.Address);
        Assert.Equal(5, body.Instructions.Count);
        Assert.Equal(new Instruction(0x28, "mov", "w1, #0x5"), body.Instructions[2]);
    }

    [Fact]
    public void ExportAliasResolvesThroughTheSymbolTable()
    {
        ObjdumpListing listing = ObjdumpListing.Parse(Sample);
        Assert.Equal("Probes__Export", listing.Find("probe_sample")?.Name);
        Assert.Null(listing.Find("probe_missing"));
    }

    [Fact]
    public void CallTargetsComeFromRelocationsOrTheOperandSymbol()
    {
        DisassembledFunction export = ObjdumpListing.Parse(Sample).Find("probe_sample")!;
        Assert.Equal(["RhpReversePInvoke", "Probes__Body", "smos_sys_call"], export.Callees);
        Instruction sysCall = export.Instructions.Single(i => i.Address == 0x10);
        Assert.Equal("R_AARCH64_CALL26", sysCall.RelocationType);
    }

    [Fact]
    public void BranchTargetsAreParsedAndCommentsDropped()
    {
        DisassembledFunction body = ObjdumpListing.Parse(Sample).Find("Probes__Body")!;
        Assert.Equal(0x24UL, body.Instructions[1].BranchTarget);
        Assert.Equal(0x20UL, body.Instructions[3].BranchTarget);
        Assert.Equal("20 <Probes__Body>", body.Instructions[3].Operands);
        Assert.Null(body.Instructions[2].BranchTarget);
    }

    [Theory]
    [InlineData("ldr", "x0, [x1, #8]", true, false, "x1")]
    [InlineData("ldar", "x20, [x0]", true, false, "x0")]
    [InlineData("ldp", "x29, x30, [sp], #16", true, false, "sp")]
    [InlineData("ldrb", "w0, [x20, w21, uxtw #0]", true, false, "x20")]
    [InlineData("ldur", "w2, [x29, #-4]", true, false, "x29")]
    [InlineData("str", "x1, [x0]", false, true, "x0")]
    [InlineData("stlr", "x1, [x0]", false, true, "x0")]
    [InlineData("stp", "x19, x20, [sp, #32]", false, true, "sp")]
    [InlineData("sturh", "w1, [x2, #-2]", false, true, "x2")]
    [InlineData("add", "x0, x29, #0x10", false, false, null)]
    public void ClassifiesLoadsAndStores(string mnemonic, string operands, bool load, bool store, string? baseRegister)
    {
        var i = new Instruction(0, mnemonic, operands);
        Assert.Equal(load, i.IsLoad);
        Assert.Equal(store, i.IsStore);
        Assert.Equal(baseRegister, i.BaseRegister);
        Assert.Equal(baseRegister is "sp" or "x29", i.IsStackAccess);
    }

    [Fact]
    public void DestinationsAndSources()
    {
        Assert.Equal(["x19", "x20"], new Instruction(0, "ldp", "x19, x20, [x29, #40]").Destinations);
        Assert.Equal(["x20"], new Instruction(0, "ldar", "x20, [x0]").Destinations);
        Assert.Equal(["x0"], new Instruction(0, "add", "x0, x20, w0, sxtw").Destinations);
        Assert.Equal(["x20", "x0"], new Instruction(0, "add", "x0, x20, w0, sxtw").Sources);
        Assert.Empty(new Instruction(0, "stlr", "x1, [x0]").Destinations);
        Assert.Empty(new Instruction(0, "cmp", "x0, x1").Destinations);
        Assert.Empty(new Instruction(0, "mov", "w21, wzr").Sources);
    }
}
