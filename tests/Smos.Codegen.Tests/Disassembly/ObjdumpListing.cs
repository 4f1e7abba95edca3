// Parses `aarch64-linux-gnu-objdump -d -r -t --no-show-raw-insn` output into functions, instructions and symbols.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Smos.Codegen.Tests.Disassembly;

/// <summary>A function: the instructions from its label to the next label, in address order.</summary>
public sealed record DisassembledFunction(string Name, ulong Address, IReadOnlyList<Instruction> Instructions)
{
    /// <summary>The callees of every <c>bl</c>, in order.</summary>
    public IEnumerable<string> Callees => Instructions.Select(i => i.CallTarget ?? i.TailCallTarget(Name)).OfType<string>();

    /// <summary>The function as objdump printed it (label, then one instruction a line).</summary>
    public string Listing()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Address:x16} <{Name}>:\n");
        foreach (Instruction i in Instructions)
        {
            text.Append(i).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>
/// An object file's disassembly. objdump labels each address with one symbol only, so aliases (an
/// <c>[UnmanagedCallersOnly(EntryPoint = ...)]</c> export shares its address with the mangled method name) are
/// resolved through the symbol table that <c>-t</c> prints.
/// </summary>
public sealed partial class ObjdumpListing
{
    private readonly Dictionary<string, DisassembledFunction> _functions;
    private readonly Dictionary<string, ulong> _symbols;

    private ObjdumpListing(Dictionary<string, DisassembledFunction> functions, Dictionary<string, ulong> symbols)
    {
        _functions = functions;
        _symbols = symbols;
    }

    public IReadOnlyCollection<DisassembledFunction> Functions => _functions.Values;

    /// <summary>The function labelled <paramref name="symbol"/>, or the one at the address the symbol table gives it.</summary>
    public DisassembledFunction? Find(string symbol)
    {
        if (_functions.TryGetValue(symbol, out DisassembledFunction? f))
        {
            return f;
        }

        return _symbols.TryGetValue(symbol, out ulong address) ? _functions.Values.FirstOrDefault(g => g.Address == address) : null;
    }

    /// <summary>Parses objdump text; instructions before any label and unknown lines are ignored.</summary>
    public static ObjdumpListing Parse(string objdumpText)
    {
        var functions = new Dictionary<string, DisassembledFunction>(StringComparer.Ordinal);
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
        string? name = null;
        ulong start = 0;
        var body = new List<Instruction>();

        void Flush()
        {
            if (name is not null)
            {
                functions[name] = new DisassembledFunction(name, start, body.ToArray());
            }

            body.Clear();
        }

        foreach (string line in objdumpText.Split('\n'))
        {
            string trimmedEnd = line.TrimEnd('\r');
            Match m;
            if ((m = LabelLine().Match(trimmedEnd)).Success)
            {
                Flush();
                start = Hex(m.Groups[1].Value);
                name = m.Groups[2].Value;
            }
            else if ((m = RelocationLine().Match(trimmedEnd)).Success && body.Count > 0 && body[^1].Address == Hex(m.Groups[1].Value))
            {
                body[^1] = body[^1] with { RelocationType = m.Groups[2].Value, RelocationSymbol = m.Groups[3].Value.Trim() };
            }
            else if ((m = InstructionLine().Match(trimmedEnd)).Success && name is not null)
            {
                string operands = m.Groups[3].Value;
                int comment = operands.IndexOf("//", StringComparison.Ordinal);
                operands = (comment >= 0 ? operands[..comment] : operands).Trim();
                body.Add(new Instruction(Hex(m.Groups[1].Value), m.Groups[2].Value, operands));
            }
            else if ((m = SymbolLine().Match(trimmedEnd)).Success)
            {
                symbols.TryAdd(m.Groups["name"].Value, Hex(m.Groups[1].Value));
            }
        }

        Flush();
        return new ObjdumpListing(functions, symbols);
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // "0000000000000480 <Name>:"
    [GeneratedRegex(@"^([0-9a-f]+) <(.+)>:$")]
    private static partial Regex LabelLine();

    // "     4c0:\tcbnz\tw0, 4c8 <f+0x48>" (no raw bytes with --no-show-raw-insn)
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([a-z][a-z0-9.]*)(?:\t(.*))?$")]
    private static partial Regex InstructionLine();

    // "\t\t\t34c: R_AARCH64_CALL26\tsmos_sys_call"
    [GeneratedRegex(@"^\s+([0-9a-f]+): (R_[A-Z0-9_]+)\s+(.+)$")]
    private static partial Regex RelocationLine();

    // "0000000000000000 g     F __managedcode\t0000000000000044 probe_seed_pattern" (optionally ".hidden name")
    [GeneratedRegex(@"^([0-9a-f]{8,16}) .{7} (\S+)\s+([0-9a-f]{8,16})\s+(?:\.hidden\s+)?(?<name>\S+)$")]
    private static partial Regex SymbolLine();
}
