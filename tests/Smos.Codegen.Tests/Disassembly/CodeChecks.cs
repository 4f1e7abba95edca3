// Pure checks over one disassembled function: loads after a call, loops without a load, stores per location.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Smos.Codegen.Tests.Disassembly;

/// <summary>A backward branch and the instructions from its target to itself (the loop body, by address).</summary>
public sealed record Loop(Instruction Branch, IReadOnlyList<Instruction> Body)
{
    public ulong Start => Branch.BranchTarget ?? Branch.Address;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"loop {Start:x}..{Branch.Address:x} ({Body.Count} instructions)");
}

/// <summary>
/// The questions the compiled-code check asks of a function. They look at code in address order (no control-flow
/// graph): "after a call" means the instructions from the call to the first <c>ret</c> that follows it. Memory means
/// anything but the stack: accesses based on sp or the frame pointer x29 (spills, locals, the frame) are left out.
/// </summary>
public static class CodeChecks
{
    /// <summary>The first <c>bl</c> to <paramref name="callee"/>; throws if there is none.</summary>
    public static Instruction CallTo(DisassembledFunction fn, string callee) =>
        fn.Instructions.FirstOrDefault(i => i.CallTarget == callee)
        ?? throw new InvalidOperationException($"{fn.Name} has no call to {callee}; it calls: {string.Join(", ", fn.Callees.Distinct())}");

    /// <summary>The instructions after <paramref name="from"/> up to and including the first <c>ret</c>.</summary>
    public static IReadOnlyList<Instruction> PathToReturn(DisassembledFunction fn, Instruction from)
    {
        var path = new List<Instruction>();
        foreach (Instruction i in fn.Instructions.Where(i => i.Address > from.Address))
        {
            path.Add(i);
            if (i.IsReturn)
            {
                break;
            }
        }

        return path;
    }

    /// <summary>Memory loads (not stack) between the first call to <paramref name="callee"/> and the return.</summary>
    public static IReadOnlyList<Instruction> LoadsAfterCall(DisassembledFunction fn, string callee) =>
        PathToReturn(fn, CallTo(fn, callee)).Where(i => i.IsLoad && !i.IsStackAccess).ToList();

    /// <summary>
    /// The memory loads after the call to <paramref name="callee"/> that the returned value (x0 at the <c>ret</c>) is
    /// computed from: registers are traced backwards from the <c>ret</c> through the instructions that define them.
    /// A value that came from a constant, from before the call or from another call is not a load and is not listed.
    /// </summary>
    public static IReadOnlyList<Instruction> ReturnValueLoads(DisassembledFunction fn, string callee)
    {
        IReadOnlyList<Instruction> path = PathToReturn(fn, CallTo(fn, callee));
        var live = new HashSet<string>(StringComparer.Ordinal) { "x0" };
        var loads = new List<Instruction>();
        for (int k = path.Count - 1; k >= 0 && live.Count > 0; k--)
        {
            Instruction i = path[k];
            if (i.IsCall)
            {
                // A caller-saved register live here holds the callee's result (or garbage): not a load.
                live.RemoveWhere(IsCallerSaved);
                continue;
            }

            List<string> defined = i.Destinations.Where(live.Contains).ToList();
            if (defined.Count == 0)
            {
                continue;
            }

            live.ExceptWith(defined);
            if (i.IsLoad)
            {
                if (!i.IsStackAccess)
                {
                    loads.Add(i);
                }

                continue;
            }

            live.UnionWith(i.Sources.Where(s => s != "sp"));
        }

        loads.Reverse();
        return loads;
    }

    /// <summary>Every backward branch inside the function, with its body.</summary>
    public static IReadOnlyList<Loop> Loops(DisassembledFunction fn) =>
        fn.Instructions
            .Where(b => b.BranchTarget is ulong t && t <= b.Address && t >= fn.Address)
            .Select(b => new Loop(b, fn.Instructions.Where(i => i.Address >= b.BranchTarget && i.Address <= b.Address).ToList()))
            .ToList();

    /// <summary>Loops whose body contains no memory load: whatever they test was read once, before the loop.</summary>
    public static IReadOnlyList<Loop> LoopsWithoutLoad(DisassembledFunction fn) =>
        Loops(fn).Where(l => !l.Body.Any(i => i.IsLoad && !i.IsStackAccess)).ToList();

    /// <summary>Memory stores (not stack) in address order.</summary>
    public static IReadOnlyList<Instruction> Stores(DisassembledFunction fn) =>
        fn.Instructions.Where(i => i.IsStore && !i.IsStackAccess).ToList();

    /// <summary>The number of memory stores (str, stur, stp, stlr, ..., not stack).</summary>
    public static int CountStores(DisassembledFunction fn) => Stores(fn).Count;

    /// <summary>Memory stores grouped by their address operand text (e.g. <c>[x0]</c>), in address order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Instruction>> StoresByLocation(DisassembledFunction fn) =>
        Stores(fn)
            .GroupBy(s => s.MemoryOperand ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Instruction>)g.ToList(), StringComparer.Ordinal);

    /// <summary>
    /// The immediate a store writes, when the nearest earlier definition of its value register is <c>mov reg, #imm</c>
    /// ("#0x0" for the zero register); otherwise null.
    /// </summary>
    public static string? StoredValue(DisassembledFunction fn, Instruction store)
    {
        string first = store.Operands.Split(',')[0].Trim();
        if (first is "xzr" or "wzr")
        {
            return "#0x0";
        }

        if (Instruction.Normalize(first) is not string register)
        {
            return null;
        }

        Instruction? definition = fn.Instructions.LastOrDefault(i => i.Address < store.Address && i.Destinations.Contains(register));
        if (definition is null || definition.Mnemonic != "mov")
        {
            return null;
        }

        string source = definition.Operands[(definition.Operands.IndexOf(',', StringComparison.Ordinal) + 1)..].Trim();
        return source.StartsWith('#') ? source : null;
    }

    private static bool IsCallerSaved(string register) =>
        register == "x30" || (register.StartsWith('x') && int.TryParse(register.AsSpan(1), CultureInfo.InvariantCulture, out int n) && n <= 18);
}
