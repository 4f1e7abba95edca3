// One disassembled AArch64 instruction (from objdump) and the classification the codegen checks rely on.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Smos.Codegen.Tests.Disassembly;

/// <summary>
/// An instruction at <paramref name="Address"/>. <paramref name="Operands"/> is objdump's operand text without its
/// trailing <c>// ...</c> comment; <paramref name="RelocationSymbol"/> is the symbol of a relocation objdump printed
/// for this instruction (with <paramref name="RelocationType"/>, e.g. R_AARCH64_CALL26).
/// </summary>
public sealed partial record Instruction(ulong Address, string Mnemonic, string Operands, string? RelocationType = null, string? RelocationSymbol = null)
{
    private static readonly HashSet<string> NoDestination = new(StringComparer.Ordinal)
    {
        "cmp", "cmn", "tst", "ccmp", "ccmn", "fcmp", "fcmpe", "ret", "nop", "svc", "hvc", "smc", "brk", "udf", "dmb", "dsb",
        "isb", "prfm", "b", "bl", "br", "blr", "cbz", "cbnz", "tbz", "tbnz", "yield", "wfe", "wfi", "sev", "msr",
    };

    /// <summary>A memory read: ldr, ldrb, ldrh, ldrs*, ldur*, ldp, ldnp, ldar*, ldapr*, ldxr, ldaxr, ld1..., LSE atomics.</summary>
    public bool IsLoad => Mnemonic.StartsWith("ld", StringComparison.Ordinal);

    /// <summary>A memory write: str, strb, strh, stur*, stp, stnp, stlr*, stxr, stlxr, st1...</summary>
    public bool IsStore => Mnemonic.StartsWith("st", StringComparison.Ordinal);

    /// <summary>A load-acquire (what <c>Volatile.Read</c> compiles to).</summary>
    public bool IsAcquireLoad => Mnemonic.StartsWith("ldar", StringComparison.Ordinal) || Mnemonic.StartsWith("ldapr", StringComparison.Ordinal)
        || Mnemonic.StartsWith("ldaxr", StringComparison.Ordinal);

    /// <summary>A store-release (what <c>Volatile.Write</c> compiles to).</summary>
    public bool IsReleaseStore => Mnemonic.StartsWith("stlr", StringComparison.Ordinal) || Mnemonic.StartsWith("stlxr", StringComparison.Ordinal);

    public bool IsCall => Mnemonic is "bl" or "blr";

    public bool IsReturn => Mnemonic == "ret";

    /// <summary>A direct branch inside code (b, b.cond, cbz, cbnz, tbz, tbnz); calls are not branches.</summary>
    public bool IsBranch => Mnemonic is "b" or "cbz" or "cbnz" or "tbz" or "tbnz" || Mnemonic.StartsWith("b.", StringComparison.Ordinal);

    /// <summary>The callee of a <c>bl</c>: the relocation's symbol if there is one, else the symbol objdump printed.</summary>
    public string? CallTarget => Mnemonic == "bl" ? RelocationSymbol ?? SymbolInOperands : null;

    /// <summary>
    /// The function a tail call (`b` to the start of another function, as ILC emits for `return F(...)`) goes to, or
    /// null: a branch inside <paramref name="self"/> names it with an offset.
    /// </summary>
    public string? TailCallTarget(string self) =>
        Mnemonic == "b" && (RelocationSymbol ?? SymbolInOperands) is string s && !s.Contains('+', StringComparison.Ordinal) && s != self ? s : null;

    /// <summary>The destination address of a branch (objdump prints it as hex before the &lt;symbol+offset&gt;).</summary>
    public ulong? BranchTarget
    {
        get
        {
            if (!IsBranch)
            {
                return null;
            }

            string plain = PlainOperands;
            string last = plain[(plain.LastIndexOf(',') + 1)..].Trim();
            return ulong.TryParse(last, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong target) ? target : null;
        }
    }

    /// <summary>The bracketed address operand of a load or store, e.g. <c>[x0, #8]</c>; null for other instructions.</summary>
    public string? MemoryOperand
    {
        get
        {
            int open = Operands.IndexOf('[', StringComparison.Ordinal);
            int close = open < 0 ? -1 : Operands.IndexOf(']', open);
            return (IsLoad || IsStore) && close > open ? Operands[open..(close + 1)] : null;
        }
    }

    /// <summary>The base register of <see cref="MemoryOperand"/> (normalised: w5 becomes x5).</summary>
    public string? BaseRegister => MemoryOperand is { } m ? Normalize(m.TrimStart('[').Split(',', ']')[0].Trim()) : null;

    /// <summary>A load or store relative to sp or the frame pointer x29: a spill, a local or the frame itself.</summary>
    public bool IsStackAccess => BaseRegister is "sp" or "x29";

    /// <summary>Registers this instruction writes (normalised), leaving out writeback of an address base.</summary>
    public IReadOnlyList<string> Destinations
    {
        get
        {
            if (IsStore || IsBranch || NoDestination.Contains(Mnemonic))
            {
                return [];
            }

            string head = IsLoad && Operands.Contains('[', StringComparison.Ordinal) ? Operands[..Operands.IndexOf('[', StringComparison.Ordinal)] : Operands;
            List<string> registers = RegistersIn(head);
            bool pair = Mnemonic.StartsWith("ldp", StringComparison.Ordinal) || Mnemonic.StartsWith("ldnp", StringComparison.Ordinal)
                || Mnemonic is "ldxp" or "ldaxp";
            int count = pair ? 2 : 1;
            return registers.GetRange(0, Math.Min(count, registers.Count));
        }
    }

    /// <summary>Registers this instruction reads (every register operand that is not a destination).</summary>
    public IReadOnlyList<string> Sources
    {
        get
        {
            List<string> all = RegistersIn(PlainOperands);
            foreach (string d in Destinations)
            {
                all.Remove(d);
            }

            return all;
        }
    }

    /// <summary>objdump's text for the instruction (address, mnemonic, operands, relocation).</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Address,8:x}:\t{Mnemonic}");
        text = Operands.Length == 0 ? text : text + "\t" + Operands;
        return RelocationType is null ? text : text + $"\t; {RelocationType} {RelocationSymbol}";
    }

    /// <summary>w5 → x5, wsp → sp, wzr/xzr → null (the zero register is no data dependency).</summary>
    public static string? Normalize(string register)
    {
        if (register is "sp" or "wsp")
        {
            return "sp";
        }

        Match m = RegisterPattern().Match(register);
        return m.Success ? "x" + m.Groups[1].Value : null;
    }

    private string PlainOperands
    {
        get
        {
            int symbol = Operands.IndexOf(" <", StringComparison.Ordinal);
            return symbol < 0 ? Operands : Operands[..symbol];
        }
    }

    private string? SymbolInOperands
    {
        get
        {
            int open = Operands.IndexOf(" <", StringComparison.Ordinal);
            int close = Operands.LastIndexOf('>');
            return open >= 0 && close > open ? Operands[(open + 2)..close] : null;
        }
    }

    private static List<string> RegistersIn(string text)
    {
        var result = new List<string>();
        foreach (string token in text.Split([',', '[', ']', '!', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Normalize(token) is { } r)
            {
                result.Add(r);
            }
        }

        return result;
    }

    [GeneratedRegex("^[xw]([0-9]|[12][0-9]|30)$")]
    private static partial Regex RegisterPattern();
}
