// The codec of a FixedLabels protocol (the root task's own): label constants, encoders, decoders into checked Args values, the fuzzer.
using System.Globalization;
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static void EmitFixedCodec(StringBuilder s, ProtocolModel p, string codec)
    {
        s.AppendLine($"/// <summary>");
        s.AppendLine($"/// The wire codec of {p.Interface} (\"{p.ProtocolName}\", fixed labels): a label, an encoder and a decoder per request, and");
        s.AppendLine($"/// for a request with a result its reply's encoder and decoder. A decoder checks the message's length and every argument");
        s.AppendLine($"/// (integer ranges, bools, enum values, lengths, padding) and only then fills its Args value; the server's own rules follow.");
        s.AppendLine($"/// </summary>");
        s.AppendLine($"{p.Accessibility} static partial class {codec}");
        s.AppendLine("{");
        s.AppendLine("    /// <summary>The protocol's name.</summary>");
        s.AppendLine($"    public const string Name = {Literal(p.ProtocolName)};");
        s.AppendLine();
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"    /// <summary>The request label of {m.Name}.</summary>");
            s.AppendLine($"    public const ulong {m.Name}Label = {m.Label.ToString(CultureInfo.InvariantCulture)}UL;");
        }

        s.AppendLine();
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"    /// <summary>The request words of {m.Name}: returns how many, or -1 when they do not fit in <paramref name=\"_words\"/>.</summary>");
            EmitEncoder(s, m, "Encode" + m.Name);
            EmitFixedDecoder(s, m);
            if (m.Result is not null)
            {
                EmitFixedReply(s, m);
            }
        }

        EmitFixedFuzz(s, p);
        s.AppendLine("}");
        s.AppendLine();
        foreach (ProtocolMethod m in p.Methods.Where(m => m.Parameters.Count > 0))
        {
            bool spans = m.Parameters.Any(a => a.Type.Kind is WireKind.ByteSpan or WireKind.WordSpan);
            s.AppendLine($"/// <summary>The checked arguments of a {m.Name} request ({codec}.Decode{m.Name}){(spans ? "; its spans are slices of the request's words or of the decoder's scratch" : "")}.</summary>");
            s.AppendLine($"{p.Accessibility} {(spans ? "ref " : "")}struct {m.Name}Args");
            s.AppendLine("{");
            foreach ((string name, WireType type) in m.Parameters)
            {
                s.AppendLine($"    /// <summary>The request's '{name.TrimStart('@')}'.</summary>");
                s.AppendLine($"    public {type.Name} {FieldName(name)};");
            }

            s.AppendLine("}");
            s.AppendLine();
        }
    }

    // A parameter's field in the Args value: its name with a capital first letter.
    private static string FieldName(string parameter)
    {
        string name = parameter.TrimStart('@');
        return char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    private static bool NeedsScratch(ProtocolMethod m) => m.Parameters.Any(a => a.Type.Kind == WireKind.ByteSpan);

    private static void EmitFixedDecoder(StringBuilder s, ProtocolMethod m)
    {
        const string Bad = "return ProtocolError.BadArgument;";
        if (m.Parameters.Count == 0)
        {
            s.AppendLine($"    /// <summary>Checks a {m.Name} request: it has no words (WrongLength otherwise).</summary>");
            s.AppendLine($"    public static ProtocolError Decode{m.Name}(ReadOnlySpan<ulong> request) => request.Length == 0 ? ProtocolError.Ok : ProtocolError.WrongLength;");
            s.AppendLine();
            return;
        }

        bool scratch = NeedsScratch(m);
        s.AppendLine($"    /// <summary>");
        s.AppendLine($"    /// Decodes and checks a {m.Name} request: Ok and <paramref name=\"args\"/>, or WrongLength (the message's length does not match");
        s.AppendLine($"    /// its arguments: too few words for them, a count that runs past the end, words left over) or BadArgument (a value out of");
        s.AppendLine($"    /// its type's range, a padding byte that is not zero{(scratch ? ", more bytes than <paramref name=\"scratch\"/> (which receives them) holds" : "")}).");
        s.AppendLine($"    /// </summary>");
        s.AppendLine($"    public static ProtocolError Decode{m.Name}(ReadOnlySpan<ulong> request, {(scratch ? "Span<byte> scratch, " : "")}out {m.Name}Args args)");
        s.AppendLine("    {");
        s.AppendLine("        args = default;");
        string lengthTest = m.RequestFixedWords >= 0 ? $"request.Length != {m.RequestFixedWords}" : $"request.Length < {m.RequestMinWords}";
        s.AppendLine($"        if ({lengthTest}) {{ return ProtocolError.WrongLength; }}");
        int prefix = FixedPrefix(m, out int fixedCount);
        int word = 0;
        for (int i = 0; i < fixedCount; i++)
        {
            int first = word;
            DecodeFixed(s, "        ", m.Parameters[i].Type, k => $"request[{first + k}]", $"arg{i}", Bad);
            word += m.Parameters[i].Type.FixedWords;
        }

        if (fixedCount < m.Parameters.Count)
        {
            s.AppendLine($"        int at = {prefix};");
            if (scratch)
            {
                s.AppendLine("        int scratchAt = 0;");
            }

            for (int i = fixedCount; i < m.Parameters.Count; i++)
            {
                // A value that runs past the message is a length error; anything else wrong with it, a bad argument.
                WireType t = m.Parameters[i].Type;
                string fits = t.Kind switch
                {
                    WireKind.String or WireKind.Bytes or WireKind.ByteSpan => "ProtocolWords.BytesFit(request, at)",
                    WireKind.Array or WireKind.WordSpan => "ProtocolWords.WordsFit(request, at)",
                    _ => $"at <= request.Length - {t.FixedWords}",
                };
                Get(s, "        ", t, "request", "at", $"arg{i}", $"return {fits} ? ProtocolError.BadArgument : ProtocolError.WrongLength;");
            }

            s.AppendLine("        if (at != request.Length) { return ProtocolError.WrongLength; }");
        }

        for (int i = 0; i < m.Parameters.Count; i++)
        {
            s.AppendLine($"        args.{FieldName(m.Parameters[i].Name)} = arg{i};");
        }

        s.AppendLine("        return ProtocolError.Ok;");
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitFixedReply(StringBuilder s, ProtocolMethod m)
    {
        WireType t = m.Result!;
        s.AppendLine($"    /// <summary>The words of a successful reply to {m.Name}: returns how many, or -1 when they do not fit in <paramref name=\"_words\"/>.</summary>");
        s.AppendLine($"    public static int Encode{m.Name}Reply({t.Name} value, Span<ulong> _words)");
        s.AppendLine("    {");
        s.AppendLine("        int at = 0;");
        Put(s, "        ", t, "value", "_words", "at", "return -1;", "_r");
        s.AppendLine("        return at;");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine($"    /// <summary>Decodes the words of a successful reply to {m.Name}, checked as a request's arguments are; false when they are not one.</summary>");
        s.AppendLine($"    public static bool Decode{m.Name}Reply(ReadOnlySpan<ulong> words, out {t.Name} value)");
        s.AppendLine("    {");
        s.AppendLine("        value = default!;");
        const string Bad = "return false;";
        if (t.FixedWords >= 0)
        {
            s.AppendLine($"        if (words.Length != {t.FixedWords}) {{ {Bad} }}");
            DecodeFixed(s, "        ", t, k => $"words[{k}]", "v", Bad);
        }
        else
        {
            s.AppendLine("        int at = 0;");
            Get(s, "        ", t, "words", "at", "v", Bad);
            s.AppendLine($"        if (at != words.Length) {{ {Bad} }}");
        }

        s.AppendLine("        value = v;");
        s.AppendLine("        return true;");
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitFixedFuzz(StringBuilder s, ProtocolModel p)
    {
        int count = p.Methods.Count;
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// Sends <paramref name=\"iterations\"/> seeded requests into the decoders: valid requests of every method with random");
        s.AppendLine("    /// arguments, some mutated (a flipped bit, another length, random words, another label). Each must be refused with");
        s.AppendLine("    /// WrongLength or BadArgument, or accepted with arguments that encode back to the very words sent; an exception is a failure.");
        s.AppendLine("    /// </summary>");
        s.AppendLine("    public static ProtocolFuzzReport Fuzz(int seed, int iterations)");
        s.AppendLine("    {");
        s.AppendLine("        var random = new ProtocolFuzzRandom(seed);");
        s.AppendLine("        var report = new ProtocolFuzzReport();");
        s.AppendLine("        ulong[] request = new ulong[ProtocolWire.MaxWords];");
        s.AppendLine("        ulong[] again = new ulong[ProtocolWire.MaxWords];");
        s.AppendLine("        byte[] scratch = new byte[ProtocolWire.MaxWords * 8];");
        s.AppendLine("        for (int i = 0; i < iterations; i++)");
        s.AppendLine("        {");
        s.AppendLine($"            int length = FuzzRequest(random, random.Below({count}), request, out ulong label);");
        s.AppendLine("            switch (length < 0 ? 4 : random.Below(6))");
        s.AppendLine("            {");
        s.AppendLine("                case 2:");
        s.AppendLine("                    if (length > 0) { request[random.Below(length)] ^= 1UL << random.Below(64); }");
        s.AppendLine("                    break;");
        s.AppendLine("                case 3:");
        s.AppendLine("                    int longer = random.Below(2) == 0 ? random.Below(ProtocolWire.MaxWords + 1) : Math.Min(length + random.Below(3) - 1, ProtocolWire.MaxWords);");
        s.AppendLine("                    for (int k = length; k < longer; k++) { request[k] = random.Word(); }");
        s.AppendLine("                    length = longer < 0 ? 0 : longer;");
        s.AppendLine("                    break;");
        s.AppendLine("                case 4:");
        s.AppendLine("                    length = random.Below(random.Below(4) == 0 ? ProtocolWire.MaxWords + 1 : 8);");
        s.AppendLine("                    for (int k = 0; k < length; k++) { request[k] = random.Word(); }");
        s.AppendLine("                    break;");
        s.AppendLine("                case 5:");
        s.AppendLine("                    label = random.Below(4) == 0 ? random.Next() >> 12 : label + 1;");
        s.AppendLine("                    break;");
        s.AppendLine("            }");
        s.AppendLine();
        s.AppendLine("            FuzzOne(report, label, new ReadOnlySpan<ulong>(request, 0, length), again, scratch);");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return report;");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    // One request through its decoder; an accepted one is encoded again and must give the same words.");
        s.AppendLine("    private static void FuzzOne(ProtocolFuzzReport report, ulong label, ReadOnlySpan<ulong> words, ulong[] again, byte[] scratch)");
        s.AppendLine("    {");
        s.AppendLine("        ProtocolError e = ProtocolError.UnknownMethod;");
        s.AppendLine("        int n = -2;");
        s.AppendLine("        try");
        s.AppendLine("        {");
        s.AppendLine("            switch (label)");
        s.AppendLine("            {");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"                case {m.Name}Label:");
            if (m.Parameters.Count == 0)
            {
                s.AppendLine($"                    e = Decode{m.Name}(words);");
                s.AppendLine($"                    n = e == ProtocolError.Ok ? Encode{m.Name}(again) : -2;");
            }
            else
            {
                s.AppendLine("                {");
                s.AppendLine($"                    e = Decode{m.Name}(words, {(NeedsScratch(m) ? "scratch, " : "")}out {m.Name}Args a);");
                string args = string.Join("", m.Parameters.Select(a => $"a.{FieldName(a.Name)}, "));
                s.AppendLine($"                    n = e == ProtocolError.Ok ? Encode{m.Name}({args}again) : -2;");
                s.AppendLine("                    break;");
                s.AppendLine("                }");
                continue;
            }

            s.AppendLine("                    break;");
        }

        s.AppendLine("            }");
        s.AppendLine("        }");
        s.AppendLine("        catch (Exception x)");
        s.AppendLine("        {");
        s.AppendLine("            report.Fail(\"the decoder threw: \" + x.Message, label, words);");
        s.AppendLine("            return;");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        if (e == ProtocolError.Ok && (n != words.Length || !words.SequenceEqual(new ReadOnlySpan<ulong>(again, 0, n))))");
        s.AppendLine("        {");
        s.AppendLine("            report.Fail(\"accepted arguments encode back to other words\", label, words);");
        s.AppendLine("        }");
        s.AppendLine("        else if (e is not (ProtocolError.Ok or ProtocolError.WrongLength or ProtocolError.BadArgument or ProtocolError.UnknownMethod))");
        s.AppendLine("        {");
        s.AppendLine("            report.Fail(\"the decoder answered \" + e, label, words);");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        report.Count(e == ProtocolError.Ok);");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    // A valid request of method <index> (declaration order) with random arguments: its length, or -1 when too large.");
        s.AppendLine("    private static int FuzzRequest(ProtocolFuzzRandom random, int index, ulong[] request, out ulong label)");
        s.AppendLine("    {");
        if (p.Methods.Count == 0)
        {
            s.AppendLine("        label = 0UL;");
            s.AppendLine("        return 0;");
            s.AppendLine("    }");
            s.AppendLine();
            return;
        }

        s.AppendLine("        switch (index)");
        s.AppendLine("        {");
        for (int j = 0; j < p.Methods.Count; j++)
        {
            ProtocolMethod m = p.Methods[j];
            s.AppendLine(j == p.Methods.Count - 1 ? "            default:" : $"            case {j}:");
            s.AppendLine("            {");
            for (int i = 0; i < m.Parameters.Count; i++)
            {
                RandomValue(s, "                ", m.Parameters[i].Type, $"a{i}");
            }

            string args = string.Join("", Enumerable.Range(0, m.Parameters.Count).Select(i => $"a{i}, "));
            s.AppendLine($"                label = {m.Name}Label;");
            s.AppendLine($"                return Encode{m.Name}({args}request);");
            s.AppendLine("            }");
        }

        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
    }
}
