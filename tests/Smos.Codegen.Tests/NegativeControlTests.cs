// Negative controls: plain-pointer polling, stores and IPC-buffer words, which the same checks must flag, proving they can fail.
using System.Collections.Generic;
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Smos.Codegen.Tests.Probes;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Codegen.Tests;

/// <summary>
/// The hazards the IPC layer's volatile accesses exist for, written with plain pointers. If ILC stops producing them,
/// these tests fail: the checks in <see cref="ProbeTests"/> would then no longer be shown to detect anything.
/// </summary>
[Collection(CompiledProbesCollection.Name)]
public sealed class NegativeControlTests(CompiledProbes probes, ITestOutputHelper output)
{
    private const string NoLongerDemonstrates =
        "NEGATIVE CONTROL NO LONGER DEMONSTRATES THE HAZARD: ILC -O now compiles the plain-pointer code safely, so this "
        + "control cannot show that the check is able to fail. Find another plain-code pattern ILC miscompiles and use it.";

    [Fact]
    public void PlainPollingLoopIsFlaggedAsALoopWithoutLoad()
    {
        DisassembledFunction fn = Show("probe_plain_poll");
        IReadOnlyList<Loop> flagged = CodeChecks.LoopsWithoutLoad(fn);
        output.WriteLine("loops without a load: " + string.Join(", ", flagged));

        Assert.True(flagged.Count > 0, NoLongerDemonstrates + " (the plain polling loop now reloads memory)");
    }

    [Fact]
    public void PlainDoubleStoreIsFlaggedAsOneStore()
    {
        DisassembledFunction fn = Show("probe_plain_stores");
        IReadOnlyList<Instruction> stores = CodeChecks.Stores(fn);
        output.WriteLine("stores: " + string.Join(" | ", stores));

        Assert.True(CodeChecks.CountStores(fn) == 1, NoLongerDemonstrates + $" (found {stores.Count} plain stores, expected the first to be dropped)");
        Assert.Equal("#0x2", CodeChecks.StoredValue(fn, stores.Single()));
    }

    [Fact]
    public void PlainWordsCopyIsFlaggedAsPlainIpcBufferAccesses()
    {
        DisassembledFunction fn = Show("probe_plain_words");
        Instruction call = CodeChecks.CallTo(fn, "smos_sys_call_fast");
        IpcBufferFlow flow = IpcBufferFlow.Follow(fn, probes.Listing.Find);
        output.WriteLine("IPC buffer accesses: " + string.Join(" | ", flow.Accesses));
        const string Blind =
            "THE IPC-BUFFER FLOW CHECK NO LONGER SEES PLAIN ACCESSES: it did not follow the buffer pointer from the thread "
            + "context to the plain stores and loads of this probe, so the protocol checks built on it could miss plain code. ";

        // MR4 (offset 40) and MR5 (48) stored with plain stores before the call (ILC 10 fuses them into one stp), MR4
        // loaded with a plain ldr after it.
        long[] plainStores = flow.Accesses.Where(a => a.Access.IsStore && !a.IsVolatile && a.Site.Address < call.Address).SelectMany(a => a.Offsets).Order().ToArray();
        long[] plainLoads = flow.Accesses.Where(a => a.Access.IsLoad && !a.IsVolatile && !a.IsNullCheck && a.Site.Address > call.Address).SelectMany(a => a.Offsets).ToArray();
        Assert.True(plainStores.SequenceEqual([40L, 48L]), Blind + $"(plain stores before the call at offsets: {string.Join(", ", plainStores)})");
        Assert.True(plainLoads.SequenceEqual([40L]), Blind + $"(plain loads after the call at offsets: {string.Join(", ", plainLoads)})");
    }

    private DisassembledFunction Show(string symbol)
    {
        ProbeCode probe = probes.Probe(symbol);
        output.WriteLine($"{symbol} -> {probe.Body.Name} (also in {probe.EvidencePath})");
        output.WriteLine(probe.Body.Listing());
        return probe.Body;
    }
}
