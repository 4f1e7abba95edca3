// Negative controls: plain-pointer polling and stores, which the same checks must flag, proving they can fail.
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

    private DisassembledFunction Show(string symbol)
    {
        ProbeCode probe = probes.Probe(symbol);
        output.WriteLine($"{symbol} -> {probe.Body.Name} (also in {probe.EvidencePath})");
        output.WriteLine(probe.Body.Listing());
        return probe.Body;
    }
}
