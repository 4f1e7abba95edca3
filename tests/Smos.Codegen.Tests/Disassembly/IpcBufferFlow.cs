// Follows the IPC buffer pointer through compiled code: from the thread context or a span argument to every access made through it.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Smos.Codegen.Tests.Disassembly;

/// <summary>
/// A load or store through a pointer into the IPC buffer. <paramref name="Function"/> is where it is;
/// <paramref name="Site"/> is the instruction of the analysed (outermost) function it belongs to: the access itself,
/// or the call that handed a span over the buffer to the function that makes it. <paramref name="Offset"/> is the
/// byte offset in the buffer when it is known (8 + 8 * n for MR n), else null.
/// </summary>
public sealed record IpcAccess(Instruction Access, string Function, Instruction Site, long? Offset)
{
    /// <summary>A load into the zero register: ILC's null check of the pointer; the value is discarded.</summary>
    public bool IsNullCheck => Access.IsLoad && Access.Operands.Split(',')[0].Trim() is "wzr" or "xzr";

    /// <summary>The buffer offsets of the words accessed (two for ldp/stp), when <see cref="Offset"/> is known.</summary>
    public IReadOnlyList<long> Offsets => Offset is not long o ? [] : Access.Mnemonic is "ldp" or "stp" or "ldnp" or "stnp" ? [o, o + 8] : [o];

    /// <summary>ldar for a load, stlr for a store: what VolatileSpan compiles to.</summary>
    public bool IsVolatile => Access.IsLoad ? Access.IsAcquireLoad : Access.IsReleaseStore;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Function}: {Access.ToString().Trim()} (buffer offset {(Offset is long o ? o.ToString(CultureInfo.InvariantCulture) : "?")})");
}

/// <summary>A call that receives, in <paramref name="Register"/>, the address of a span whose pointer is the IPC buffer plus <paramref name="Offset"/>.</summary>
public sealed record SpanPass(Instruction Call, string Callee, string Register, long? Offset);

/// <summary>
/// A forward pass over a function in address order (no control-flow graph, like <see cref="CodeChecks"/>) that tracks
/// which registers and frame slots hold: the thread context (x0 after <c>bl smos_thread_context</c>), a pointer into
/// the IPC buffer (the context's first word, <c>ThreadContext.IpcBuffer</c>, plus constant or register offsets), or
/// the address of a span (a <c>VolatileSpan</c> in the frame) whose first word is such a pointer. Every load and store
/// whose base register points into the buffer is an <see cref="IpcAccess"/>; every call that receives a span's address
/// is a <see cref="SpanPass"/>, which <see cref="Follow"/> analyses in turn with that register as its seed.
/// </summary>
public sealed class IpcBufferFlow
{
    /// <summary>The stub that returns the current thread's context (kernel-glue/arch/aarch64).</summary>
    public const string ThreadContextStub = "smos_thread_context";

    private enum Kind
    {
        Context,
        Buffer,
        Span,
    }

    private readonly record struct Value(Kind Kind, long? Offset);

    private IpcBufferFlow(IReadOnlyList<IpcAccess> accesses, IReadOnlyList<SpanPass> passes)
    {
        Accesses = accesses;
        SpanPasses = passes;
    }

    /// <summary>The accesses through an IPC-buffer pointer, in the analysed function and the functions followed.</summary>
    public IReadOnlyList<IpcAccess> Accesses { get; }

    /// <summary>The calls of the analysed function that receive a span over the IPC buffer.</summary>
    public IReadOnlyList<SpanPass> SpanPasses { get; }

    /// <summary>
    /// Analyses <paramref name="fn"/>, then each function a span over the buffer is passed to (found through
    /// <paramref name="find"/>), up to <paramref name="depth"/> calls deep; the callees' accesses take the call as their site.
    /// </summary>
    public static IpcBufferFlow Follow(DisassembledFunction fn, Func<string, DisassembledFunction?> find, int depth = 2) =>
        Follow(fn, find, depth, seed: null, site: null);

    /// <summary>Analyses one function; <paramref name="spanRegister"/> (optional) holds the address of a span at buffer offset <paramref name="spanOffset"/> on entry.</summary>
    public static IpcBufferFlow Analyze(DisassembledFunction fn, string? spanRegister = null, long? spanOffset = null) =>
        Follow(fn, _ => null, 0, spanRegister is null ? null : (spanRegister, spanOffset), site: null);

    private static IpcBufferFlow Follow(DisassembledFunction fn, Func<string, DisassembledFunction?> find, int depth, (string Register, long? Offset)? seed, Instruction? site)
    {
        var accesses = new List<IpcAccess>();
        var passes = new List<SpanPass>();
        Scan(fn, seed, site, accesses, passes);
        if (depth > 0)
        {
            foreach (SpanPass pass in passes)
            {
                DisassembledFunction callee = find(pass.Callee)
                    ?? throw new InvalidOperationException($"{fn.Name} passes a span over the IPC buffer to {pass.Callee}, which is not in the listing");
                accesses.AddRange(Follow(callee, find, depth - 1, (pass.Register, pass.Offset), site ?? pass.Call).Accesses);
            }
        }

        return new IpcBufferFlow(accesses, passes);
    }

    private static void Scan(DisassembledFunction fn, (string Register, long? Offset)? seed, Instruction? site, List<IpcAccess> accesses, List<SpanPass> passes)
    {
        var registers = new Dictionary<string, Value>(StringComparer.Ordinal);
        var slots = new Dictionary<(string Base, long Offset), Value>();
        if (seed is { } s)
        {
            registers[s.Register] = new Value(Kind.Span, s.Offset);
        }

        foreach (Instruction i in fn.Instructions)
        {
            if (i.IsCall)
            {
                foreach (string arg in Enumerable.Range(0, 8).Select(n => "x" + n.ToString(CultureInfo.InvariantCulture)))
                {
                    if (registers.TryGetValue(arg, out Value v) && v.Kind == Kind.Span)
                    {
                        passes.Add(new SpanPass(i, i.CallTarget ?? "(indirect)", arg, v.Offset));
                    }
                }

                foreach (string r in registers.Keys.Where(IsCallerSaved).ToList())
                {
                    registers.Remove(r);
                }

                if (i.CallTarget == ThreadContextStub)
                {
                    registers["x0"] = new Value(Kind.Context, 0);
                }

                continue;
            }

            if (i.IsLoad || i.IsStore)
            {
                MemoryAccess(fn, i, site, registers, slots, accesses);
                continue;
            }

            Value? result = Arithmetic(i, registers, slots);
            foreach (string d in i.Destinations)
            {
                registers.Remove(d);
            }

            if (result is Value r2 && i.Destinations.Count == 1)
            {
                registers[i.Destinations[0]] = r2;
            }

            foreach (string frame in i.Destinations.Where(d => d is "sp" or "x29"))
            {
                ForgetSlots(slots, frame);
            }
        }
    }

    private static void MemoryAccess(DisassembledFunction fn, Instruction i, Instruction? site, Dictionary<string, Value> registers, Dictionary<(string, long), Value> slots, List<IpcAccess> accesses)
    {
        Address a = Address.Parse(i);
        registers.TryGetValue(a.Base, out Value baseValue);
        bool known = registers.ContainsKey(a.Base);
        long? at = a.Index is null ? a.Offset : null;
        if (known && baseValue.Kind == Kind.Buffer)
        {
            accesses.Add(new IpcAccess(i, fn.Name, site ?? i, baseValue.Offset is long b && at is long o ? b + o : null));
        }

        bool frame = a.Base is "x29" or "sp";
        IReadOnlyList<string> values = i.IsLoad ? i.Destinations : StoredRegisters(i);
        for (int k = 0; k < values.Count; k++)
        {
            string reg = values[k];
            long? slotOffset = at is long o2 ? o2 + (8 * k) : null;
            if (i.IsStore)
            {
                if (frame && slotOffset is long so)
                {
                    if (registers.TryGetValue(reg, out Value stored))
                    {
                        slots[(a.Base, so)] = stored;
                    }
                    else
                    {
                        slots.Remove((a.Base, so));
                    }
                }

                continue;
            }

            registers.Remove(reg);
            if (frame && slotOffset is long lo && slots.TryGetValue((a.Base, lo), out Value spilled))
            {
                registers[reg] = spilled; // a pointer reloaded from the frame
            }
            else if (known && slotOffset == 0 && baseValue.Kind == Kind.Context)
            {
                registers[reg] = new Value(Kind.Buffer, 0); // ThreadContext.IpcBuffer is the context's first word
            }
            else if (known && slotOffset == 0 && baseValue.Kind == Kind.Span)
            {
                registers[reg] = new Value(Kind.Buffer, baseValue.Offset); // VolatileSpan._pointer is the span's first word
            }
        }

        if (a.Writeback is long step && known && !values.Contains(a.Base))
        {
            registers[a.Base] = baseValue with { Offset = baseValue.Offset + step };
        }

        if (a.Writeback is not null && a.Base == "sp")
        {
            ForgetSlots(slots, "sp");
        }
    }

    // The value a mov, add or sub gives its destination, when it is a pointer this pass tracks.
    private static Value? Arithmetic(Instruction i, Dictionary<string, Value> registers, Dictionary<(string, long), Value> slots)
    {
        string[] parts = i.Operands.Split(',', StringSplitOptions.TrimEntries);
        if (i.Mnemonic == "mov" && parts.Length == 2 && Instruction.Normalize(parts[1]) is string from && parts[1].StartsWith('x'))
        {
            return registers.TryGetValue(from, out Value v) ? v : null;
        }

        // add/sub with an immediate or a register, possibly shifted or extended ("add x23, x0, x22, lsl #3").
        if (i.Mnemonic is not ("add" or "sub") || parts.Length is not (3 or 4) || Instruction.Normalize(parts[1]) is not string source)
        {
            return null;
        }

        long sign = i.Mnemonic == "add" ? 1 : -1;
        long? immediate = parts[2].StartsWith('#') && parts.Length == 3 ? ParseImmediate(parts[2]) * sign : null;
        if (source is "x29" or "sp")
        {
            // The address of a frame slot: a span whose first word points into the buffer.
            return immediate is long off && slots.TryGetValue((source, off), out Value slot) && slot.Kind == Kind.Buffer ? new Value(Kind.Span, slot.Offset) : null;
        }

        if (registers.TryGetValue(source, out Value b) && b.Kind == Kind.Buffer)
        {
            return b with { Offset = immediate is long im ? b.Offset + im : null };
        }

        // A register plus a pointer (add x0, x1, x2 with x2 into the buffer).
        return sign > 0 && Instruction.Normalize(parts[2]) is string other && registers.TryGetValue(other, out Value c) && c.Kind == Kind.Buffer ? c with { Offset = null } : null;
    }

    private static List<string> StoredRegisters(Instruction store)
    {
        string head = store.Operands[..Math.Max(0, store.Operands.IndexOf('[', StringComparison.Ordinal))];
        string[] names = head.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        bool pair = store.Mnemonic.StartsWith("stp", StringComparison.Ordinal) || store.Mnemonic.StartsWith("stnp", StringComparison.Ordinal);
        // stlxr/stxr name a status register first; the value follows.
        IEnumerable<string> values = store.Mnemonic.Contains("xr", StringComparison.Ordinal) ? names.Skip(1) : names;
        return values.Take(pair ? 2 : 1).Select(n => Instruction.Normalize(n) ?? "zero").ToList();
    }

    private static void ForgetSlots(Dictionary<(string Base, long Offset), Value> slots, string register)
    {
        foreach ((string, long) key in slots.Keys.Where(k => k.Base == register).ToList())
        {
            slots.Remove(key);
        }
    }

    private static long ParseImmediate(string text)
    {
        string t = text.TrimStart('#');
        bool negative = t.StartsWith('-');
        t = t.TrimStart('-');
        long value = t.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(t, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private static bool IsCallerSaved(string register) =>
        register == "x30" || (register.StartsWith('x') && int.TryParse(register.AsSpan(1), CultureInfo.InvariantCulture, out int n) && n <= 18);

    // "[x1]", "[x1, #8]", "[x1, #8]!" (pre-index), "[x1], #8" (post-index), "[x1, x2]", "[x1, w2, uxtw #3]".
    private readonly record struct Address(string Base, long Offset, string? Index, long? Writeback)
    {
        public static Address Parse(Instruction i)
        {
            string operands = i.Operands;
            int open = operands.IndexOf('[', StringComparison.Ordinal);
            int close = operands.IndexOf(']', open + 1);
            string[] inside = operands[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
            string baseRegister = Instruction.Normalize(inside[0]) ?? inside[0];
            string rest = operands[(close + 1)..].Trim();
            long offset = 0;
            string? index = null;
            if (inside.Length > 1)
            {
                if (inside[1].StartsWith('#'))
                {
                    offset = ParseImmediate(inside[1]);
                }
                else
                {
                    index = inside[1];
                }
            }

            long? writeback = rest.StartsWith('!') ? offset : rest.StartsWith(',') ? ParseImmediate(rest.TrimStart(',').Trim()) : null;
            return new Address(baseRegister, rest.StartsWith(',') ? 0 : offset, index, writeback);
        }
    }
}
