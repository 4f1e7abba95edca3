// The compiled-code check of a generated client and server (IProbe): words 4 and up cross the IPC buffer only as ldar/stlr.
using System;
using System.Collections.Generic;
using System.Linq;
using Smos.Codegen.Tests.Disassembly;
using Smos.Codegen.Tests.Probes;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Codegen.Tests;

/// <summary>
/// The probes in tests/codegen-probes/ProtocolProbes.cs call the ProbeClient and ProbeServer the protocol generator
/// makes from IProbe. The generated methods may or may not be inlined into a probe body: each test finds the function
/// that makes the system call (or runs the dispatch) among the body and its callees, then follows the IPC buffer
/// pointer (<see cref="IpcBufferFlow"/>) through it and into the VolatileSpan copies it hands a span to.
/// </summary>
[Collection(CompiledProbesCollection.Name)]
public sealed class ProtocolProbeTests(CompiledProbes probes, ITestOutputHelper output)
{
    /// <summary>The register-path stub every generated call goes through (kernel-glue/arch/aarch64/sel4.S).</summary>
    private const string FastCall = "smos_sys_call_fast";

    /// <summary>MR4's offset in the IPC buffer: the tag word, then MR0-3.</summary>
    private const long Mr4Offset = 8 + (4 * 8);

    /// <summary>The value the client probe sends in MR4 (ProtocolProbes.SentValue).</summary>
    private const string SentConstant = "#0x2a";

    [Fact]
    public void ClientWordsPathWritesMr4UpWithReleaseStoresBeforeTheCallAndReadsTheReplyWithAcquireLoadsAfterIt()
    {
        // Swap is on the direct path: MR4 and MR5 are written one by one in the write scope and read one by one in
        // the read scope, at constant offsets (no span copy).
        DisassembledFunction body = Show("probe_client_words");
        DisassembledFunction client = probes.Reaching(body, f => f.Callees.Contains(FastCall), $"calling {FastCall}");
        Instruction call = CodeChecks.CallTo(client, FastCall);
        Show(client);
        IpcBufferFlow flow = Flow(client);

        List<IpcAccess> before = flow.Accesses.Where(a => !a.IsNullCheck && a.Site.Address < call.Address).ToList();
        List<IpcAccess> after = flow.Accesses.Where(a => !a.IsNullCheck && a.Site.Address > call.Address).ToList();
        Assert.All(before, a => Assert.True(a.Access.IsStore && a.Access.IsReleaseStore, $"before `bl {FastCall}` the client must only store to the IPC buffer, with stlr: {a}"));
        Assert.All(after, a => Assert.True(a.Access.IsLoad && a.Access.IsAcquireLoad, $"after `bl {FastCall}` the client must only load from the IPC buffer, with ldar: {a}"));
        AssertWords(before, "stores before the call");
        AssertWords(after, "loads after the call");

        // MR0-3 travel in registers (the FastMessage), never through the buffer.
        Assert.All(flow.SpanPasses, p => Assert.Equal(Mr4Offset, p.Offset));
        Assert.All(flow.Accesses.Where(a => a.Offset is not null && !a.IsNullCheck), a => Assert.True(a.Offset >= Mr4Offset, $"an access below MR4: {a}"));
        AssertCopiesEveryWord(flow);
    }

    [Fact]
    public void ClientWordsPathDoesNotReuseTheSentWordAfterTheCall()
    {
        DisassembledFunction body = Show("probe_client_words");
        DisassembledFunction client = probes.Reaching(body, f => f.Callees.Contains(FastCall), $"calling {FastCall}");

        // 42 goes out in MR4 and the probe returns the reply's MR4: after the call it must not come back as a constant,
        // neither in the client nor (if the client is a separate function) in the probe body after its call to it.
        Instruction call = CodeChecks.CallTo(client, FastCall);
        IReadOnlyList<Instruction> afterCall = CodeChecks.PathToReturn(client, call);
        output.WriteLine($"client after `bl {FastCall}`: {string.Join(" | ", afterCall)}");
        Assert.DoesNotContain(afterCall, i => i.Operands.Contains(SentConstant, StringComparison.Ordinal));

        // The body (or the inlined client) does build the request with 42 before the call: the constant is recognisable.
        Instruction send = client == body ? call : body.Instructions.First(i => i.CallTarget == client.Name);
        Assert.Contains(body.Instructions.Where(i => i.Address < send.Address), i => i.Operands.Contains(SentConstant, StringComparison.Ordinal));
        if (client != body)
        {
            IReadOnlyList<Instruction> afterClient = CodeChecks.PathToReturn(body, send);
            output.WriteLine($"probe body after the client returns: {string.Join(" | ", afterClient)}");
            Assert.DoesNotContain(afterClient, i => i.Operands.Contains(SentConstant, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ClientRegisterPathLeavesTheIpcBufferAloneAndReadsTheReplyFromItsFastMessage()
    {
        DisassembledFunction body = Show("probe_client_registers");
        DisassembledFunction client = probes.Reaching(body, f => f.Callees.Contains(FastCall), $"calling {FastCall}");
        Instruction call = CodeChecks.CallTo(client, FastCall);
        IReadOnlyList<Instruction> after = CodeChecks.PathToReturn(client, call);
        Show(client);

        Assert.DoesNotContain(Flow(client).Accesses, a => !a.IsNullCheck);

        // x2 is the FastMessage's address, a frame slot; the reply's MR0 (its first word) is loaded from it after the call.
        Instruction address = client.Instructions.Last(i => i.Address < call.Address && i.Destinations.Contains("x2"));
        string[] parts = address.Operands.Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal("add", address.Mnemonic);
        Assert.True(parts[1] is "x29" or "sp", $"the FastMessage is not in the frame: {address}");
        ulong offset = Convert.ToUInt64(parts[2].TrimStart('#'), 16);
        output.WriteLine($"FastMessage at {address}; after the call: {string.Join(" | ", after)}");
        Assert.Contains(after, i => i.IsLoad && i.MemoryOperand!.Replace(" ", "", StringComparison.Ordinal) == $"[{parts[1]},#{offset}]");
        Assert.DoesNotContain(after, i => i.Operands.Contains(SentConstant, StringComparison.Ordinal));
    }

    [Fact]
    public void ServerDirectPathReadsRequestWordsWithAcquireLoadsAndWritesReplyWordsWithReleaseStores()
    {
        DisassembledFunction body = Show("probe_server_words");
        DisassembledFunction server = probes.Reaching(body, f => IsServeSwap(f.Name), "ProbeServer.ServeSwap");
        Show(server);
        IpcBufferFlow flow = Flow(server);

        List<IpcAccess> loads = flow.Accesses.Where(a => !a.IsNullCheck && a.Access.IsLoad).ToList();
        List<IpcAccess> stores = flow.Accesses.Where(a => a.Access.IsStore).ToList();
        Assert.All(loads, a => Assert.True(a.Access.IsAcquireLoad, $"the server must load the request from the IPC buffer with ldar: {a}"));
        Assert.All(stores, a => Assert.True(a.Access.IsReleaseStore, $"the server must store the reply to the IPC buffer with stlr: {a}"));
        AssertWords(loads, "the request's loads");
        AssertWords(stores, "the reply's stores");

        // Every request word is read before the first reply word is written (the read scope ends before the method runs).
        Assert.True(loads.Max(a => a.Site.Address) < stores.Min(a => a.Site.Address), "a load from the IPC buffer after the first reply store");
        Assert.All(flow.Accesses.Where(a => a.Offset is not null && !a.IsNullCheck), a => Assert.True(a.Offset >= Mr4Offset, $"an access below MR4: {a}"));
    }

    [Fact]
    public void ServerGeneralPathReadsRequestWordsWithAcquireLoadsAndWritesReplyWordsWithReleaseStores()
    {
        DisassembledFunction body = Show("probe_server_general");
        DisassembledFunction server = probes.Reaching(body, f => f.Callees.Any(IsDispatchWords), "calling ProbeProtocol.DispatchWords");
        Instruction dispatch = server.Instructions.First(i => i.CallTarget is string t && IsDispatchWords(t));
        Assert.Contains("ProbeServer", server.Name, StringComparison.Ordinal);
        Show(server);
        IpcBufferFlow flow = Flow(server);

        List<IpcAccess> before = flow.Accesses.Where(a => !a.IsNullCheck && a.Site.Address < dispatch.Address).ToList();
        List<IpcAccess> after = flow.Accesses.Where(a => !a.IsNullCheck && a.Site.Address > dispatch.Address).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, a => Assert.True(a.Access.IsLoad && a.Access.IsAcquireLoad, $"before the dispatch the server must only load the request from the IPC buffer, with ldar: {a}"));
        Assert.NotEmpty(after);
        Assert.All(after, a => Assert.True(a.Access.IsStore && a.Access.IsReleaseStore, $"after the dispatch the server must only store the reply to the IPC buffer, with stlr: {a}"));
        Assert.All(flow.SpanPasses, p => Assert.Equal(Mr4Offset, p.Offset));
        Assert.Contains(flow.SpanPasses, p => p.Call.Address < dispatch.Address && p.Callee.Contains("CopyTo", StringComparison.Ordinal));
        Assert.Contains(flow.SpanPasses, p => p.Call.Address > dispatch.Address && p.Callee.Contains("CopyFrom", StringComparison.Ordinal));
        AssertCopiesEveryWord(flow);
    }

    [Fact]
    public void GeneratedCodeMakesNoPlainAccessToTheIpcBuffer()
    {
        foreach (string symbol in new[] { "probe_client_words", "probe_client_registers", "probe_server_words", "probe_server_general", "probe_client_general", "probe_client_capability" })
        {
            DisassembledFunction body = probes.Probe(symbol).Body;
            DisassembledFunction top = symbol == "probe_server_words"
                ? probes.Reaching(body, f => IsServeSwap(f.Name), "ProbeServer.ServeSwap")
                : probes.Reaching(body, f => f.Callees.Contains(FastCall) || f.Callees.Any(IsDispatchWords), "making the call or the dispatch");
            IpcBufferFlow flow = Flow(top);
            List<IpcAccess> plain = flow.Accesses.Where(a => !a.IsNullCheck && !a.IsVolatile).ToList();
            Assert.True(plain.Count == 0, $"{symbol}: plain ldr/str on the IPC buffer: {string.Join(" | ", plain)}");
            if (symbol is "probe_client_general" or "probe_client_capability")
            {
                Show(top);
                // Not vacuous: these write the IPC buffer before the call (MR4 and up, or the extra-capability word).
                Assert.True(flow.Accesses.Any(a => !a.IsNullCheck && a.IsVolatile && a.Access.IsStore), $"{symbol}: no volatile store to the IPC buffer found in {top.Name}");
            }

            // The only plain loads allowed are ILC's null checks into the zero register, whose value is thrown away.
            Assert.All(flow.Accesses.Where(a => a.IsNullCheck), a => Assert.True(a.Access.IsLoad));
        }
    }

    // An access at an offset that is not a constant (word i of a copy) must sit in a loop of its function: one
    // volatile access per word, not one for the first word only.
    private void AssertCopiesEveryWord(IpcBufferFlow flow)
    {
        foreach (IpcAccess a in flow.Accesses.Where(a => a.Offset is null))
        {
            DisassembledFunction fn = probes.Listing.Find(a.Function)!;
            Assert.True(CodeChecks.Loops(fn).Any(l => l.Body.Contains(a.Access)), $"a copy's access outside any loop: {a}");
        }
    }

    // Accesses at exactly MR4 and MR5 (Six's fields E and F), one each at least, nothing else unaccounted for.
    private static void AssertWords(List<IpcAccess> accesses, string what)
    {
        long[] offsets = accesses.SelectMany(a => a.Offsets).Distinct().Order().ToArray();
        Assert.True(offsets.SequenceEqual(new[] { Mr4Offset, Mr4Offset + 8 }), $"{what}: expected MR4 and MR5 (offsets {Mr4Offset} and {Mr4Offset + 8}), found [{string.Join(", ", offsets)}]");
    }

    private static bool IsServeSwap(string name) => name.EndsWith("__ServeSwap", StringComparison.Ordinal);

    private static bool IsDispatchWords(string callee) => callee.EndsWith("__DispatchWords", StringComparison.Ordinal);

    private IpcBufferFlow Flow(DisassembledFunction fn)
    {
        IpcBufferFlow flow = IpcBufferFlow.Follow(fn, probes.Listing.Find);
        output.WriteLine($"spans over the IPC buffer passed by {fn.Name}: {string.Join(" | ", flow.SpanPasses.Select(p => $"{p.Call.Address:x}: {p.Callee} ({p.Register}, offset {p.Offset})"))}");
        output.WriteLine("IPC buffer accesses:\n  " + string.Join("\n  ", flow.Accesses));
        foreach (string callee in flow.SpanPasses.Select(p => p.Callee).Distinct())
        {
            output.WriteLine(probes.Listing.Find(callee)?.Listing());
        }

        return flow;
    }

    private void Show(DisassembledFunction fn) => output.WriteLine(fn.Listing());

    private DisassembledFunction Show(string symbol)
    {
        ProbeCode probe = probes.Probe(symbol);
        output.WriteLine($"{symbol} -> {probe.Body.Name} (also in {probe.EvidencePath})");
        output.WriteLine(probe.Body.Listing());
        return probe.Body;
    }
}
