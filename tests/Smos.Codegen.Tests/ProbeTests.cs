// The compiled-code check: the IPC and volatile-span probes, compiled by ILC -O for arm64, keep every access they must.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Smos.Codegen.Tests.Probes;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Codegen.Tests;

[Collection(CompiledProbesCollection.Name)]
public sealed class ProbeTests(CompiledProbes probes, ITestOutputHelper output)
{
    /// <summary>The system-call stub behind Endpoint.Call (kernel-glue/arch/aarch64/sel4.S).</summary>
    private const string SysCall = "smos_sys_call";

    [Fact]
    public void SeedPatternReadsMr0FromTheIpcBufferAfterTheCall()
    {
        DisassembledFunction fn = Show("probe_seed_pattern");
        Instruction call = CodeChecks.CallTo(fn, SysCall);
        IReadOnlyList<Instruction> after = CodeChecks.PathToReturn(fn, call);

        Assert.True(CodeChecks.LoadsAfterCall(fn, SysCall).Count > 0, $"no memory load between `bl {SysCall}` and the return");
        IReadOnlyList<Instruction> feeding = CodeChecks.ReturnValueLoads(fn, SysCall);
        output.WriteLine($"returned value computed from: {string.Join(" | ", feeding)}");
        Assert.True(feeding.Any(i => i.IsAcquireLoad), $"the returned value is not computed from a volatile load (ldar) made after `bl {SysCall}`");

        // The value written to MR0 before the call (42 = 0x2a) must not reappear as a constant after it.
        Assert.DoesNotContain(after, i => i.Operands.Contains("#0x2a", StringComparison.Ordinal));
    }

    [Fact]
    public void SeedPatternWithTheCollectorAndExceptionsStillReloadsMr0AfterTheCall()
    {
        DisassembledFunction fn = Show("probe_seed_pattern_runtime");
        Instruction call = CodeChecks.CallTo(fn, SysCall);
        IReadOnlyList<Instruction> after = CodeChecks.PathToReturn(fn, call);
        output.WriteLine($"after the call: {string.Join(" | ", after)}");
        Assert.Contains(fn.Instructions, i => i.Mnemonic == "bl" && i.Operands.Contains("<RhpNew", StringComparison.Ordinal));
        Assert.Contains(after, i => i.IsAcquireLoad);
        Assert.DoesNotContain(after, i => i.Operands.Contains("#0x2a", StringComparison.Ordinal));
    }

    [Fact]
    public void RegisterPathReadsMr0FromTheStructAfterTheCall()
    {
        const string FastCall = "smos_sys_call_fast";
        DisassembledFunction fn = Show("probe_fast_call");
        Instruction call = CodeChecks.CallTo(fn, FastCall);
        IReadOnlyList<Instruction> after = CodeChecks.PathToReturn(fn, call);

        // x2 is the struct's address, a frame slot: `add x2, x29, #off` (or sp). MR0 is the struct's first word, so the
        // returned x0 must be loaded from exactly that slot after the call (a stack load, unlike the seed pattern's).
        Instruction address = fn.Instructions.Last(i => i.Address < call.Address && i.Destinations.Contains("x2"));
        output.WriteLine($"struct address: {address}; after the call: {string.Join(" | ", after)}");
        string[] parts = address.Operands.Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal("add", address.Mnemonic);
        Assert.True(parts[1] is "x29" or "sp", $"the struct is not in the frame: {address}");
        ulong offset = Convert.ToUInt64(parts[2].TrimStart('#'), 16);
        Assert.Contains(after, i => i.IsLoad && i.Destinations.Contains("x0") && i.BaseRegister == parts[1] &&
            i.MemoryOperand!.Replace(" ", "", StringComparison.Ordinal) == $"[{parts[1]},#{offset}]");
        Assert.DoesNotContain(after, i => i.Operands.Contains("#0x2a", StringComparison.Ordinal));
    }

    [Fact]
    public void VolatileSpanPollingLoopReloadsEveryIteration()
    {
        DisassembledFunction fn = Show("probe_volatile_poll");
        IReadOnlyList<Loop> loops = CodeChecks.Loops(fn);
        output.WriteLine("loops: " + string.Join(", ", loops));

        Assert.NotEmpty(loops);
        Assert.Empty(CodeChecks.LoopsWithoutLoad(fn));
        Assert.Contains(loops, l => l.Body.Any(i => i.IsAcquireLoad));
    }

    [Fact]
    public void TwoVolatileSpanStoresBothRemain()
    {
        AssertBothStoresRemain(Show("probe_volatile_stores"));
    }

    [Fact]
    public void TwoSetMrCallsBothRemain()
    {
        AssertBothStoresRemain(Show("probe_setmr_stores"));
    }

    [Fact]
    public void EvidenceFilesAreWritten()
    {
        foreach (string symbol in CompiledProbes.Symbols)
        {
            ProbeCode probe = probes.Probe(symbol);
            Assert.True(System.IO.File.Exists(probe.EvidencePath), probe.EvidencePath);
        }

        output.WriteLine($"disassembly of every probe: {probes.EvidenceDir}");
        output.WriteLine(string.Join("\n", probes.Log));
    }

    private void AssertBothStoresRemain(DisassembledFunction fn)
    {
        // The probe's two stores go to one message register; the scope's own bookkeeping (the borrow word of the thread's
        // context, plain stores: it is not shared memory) is not what is judged, so only locations written with a
        // volatile store compete. If the compiler had made the register's stores plain, none would be left: a failure.
        List<KeyValuePair<string, IReadOnlyList<Instruction>>> volatileLocations =
            CodeChecks.StoresByLocation(fn).Where(kv => kv.Value.Any(s => s.IsReleaseStore)).ToList();
        Assert.True(volatileLocations.Count > 0, $"no volatile (stlr) store at all among {CodeChecks.CountStores(fn)} store(s)");
        KeyValuePair<string, IReadOnlyList<Instruction>> most = volatileLocations.MaxBy(kv => kv.Value.Count);
        output.WriteLine($"stores to {most.Key}: {string.Join(" | ", most.Value)}");

        Assert.True(most.Value.Count >= 2, $"expected two stores to one location, found {CodeChecks.CountStores(fn)} store(s) in all");
        Assert.All(most.Value, s => Assert.True(s.IsReleaseStore, $"not a volatile (stlr) store: {s}"));
        string?[] values = most.Value.Select(s => CodeChecks.StoredValue(fn, s)).ToArray();
        Assert.Equal<string?>(["#0x1", "#0x2"], values.TakeLast(2));
    }

    private DisassembledFunction Show(string symbol)
    {
        ProbeCode probe = probes.Probe(symbol);
        output.WriteLine($"{symbol} -> {probe.Body.Name} (also in {probe.EvidencePath})");
        output.WriteLine(probe.Body.Listing());
        return probe.Body;
    }
}
