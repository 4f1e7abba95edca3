// The generated fuzzer: seeded random and mutated messages into DispatchWords, each outcome checked against the wire rules.
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static void EmitFuzz(StringBuilder s, ProtocolModel p, string codec)
    {
        int count = p.Methods.Count;
        s.AppendLine($"{p.Accessibility} static partial class {codec}");
        s.AppendLine("{");
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// Sends <paramref name=\"iterations\"/> seeded messages into DispatchWords (the server's decode step): valid requests of every");
        s.AppendLine("    /// method and the handshake, some mutated (a flipped bit, another length, method, version or id, capabilities, random");
        s.AppendLine("    /// words). Each must be refused with a known error before the implementation runs, or reach it with arguments that");
        s.AppendLine("    /// encode back to the very words sent and give a reply the client's decoder accepts; an exception is a failure.");
        s.AppendLine("    /// </summary>");
        s.AppendLine("    public static ProtocolFuzzReport Fuzz(int seed, int iterations)");
        s.AppendLine("    {");
        s.AppendLine("        var random = new ProtocolFuzzRandom(seed);");
        s.AppendLine("        var target = new FuzzTarget();");
        s.AppendLine("        var report = new ProtocolFuzzReport();");
        s.AppendLine("        ulong[] request = new ulong[ProtocolWire.MaxSharedWords];");
        s.AppendLine("        ulong[] reply = new ulong[ProtocolWire.MaxSharedWords];");
        s.AppendLine("        byte[] scratch = new byte[ProtocolWire.MaxSharedWords * 8];");
        s.AppendLine("        for (int i = 0; i < iterations; i++)");
        s.AppendLine("        {");
        s.AppendLine($"            int length = FuzzRequest(random, random.Below({count + 1}), request, out ulong label, out int caps);");
        s.AppendLine("            switch (length < 0 ? 7 : random.Below(8))");
        s.AppendLine("            {");
        s.AppendLine("                case 2:");
        s.AppendLine("                    if (length > 0) { request[random.Below(length)] ^= 1UL << random.Below(64); }");
        s.AppendLine("                    break;");
        s.AppendLine("                case 3:");
        s.AppendLine("                    int longer = random.Below(2) == 0 ? random.Below(ProtocolWire.MaxSharedWords + 1) : length + random.Below(3) - 1;");
        s.AppendLine("                    for (int k = length; k < longer; k++) { request[k] = random.Word(); }");
        s.AppendLine("                    length = longer < 0 ? 0 : longer;");
        s.AppendLine("                    break;");
        s.AppendLine("                case 4:");
        s.AppendLine("                    label = (label & ~0xFFUL) | (ulong)(uint)random.Below(256);");
        s.AppendLine("                    break;");
        s.AppendLine("                case 5:");
        s.AppendLine("                    label ^= 1UL << (8 + random.Below(24));");
        s.AppendLine("                    break;");
        s.AppendLine("                case 6:");
        s.AppendLine("                    caps = caps == 0 ? 1 + random.Below(3) : random.Below(2) == 0 ? 0 : 2 + random.Below(2);");
        s.AppendLine("                    break;");
        s.AppendLine("                case 7:");
        s.AppendLine("                    label = random.Below(2) == 0 ? random.Next() >> 12 : (label & ~0xFFUL) | (ulong)(uint)random.Below(256);");
        s.AppendLine("                    length = random.Below(random.Below(4) == 0 ? ProtocolWire.MaxSharedWords + 1 : ProtocolWire.MaxWords + 1);");
        s.AppendLine("                    for (int k = 0; k < length; k++) { request[k] = random.Word(); }");
        s.AppendLine("                    break;");
        s.AppendLine("            }");
        s.AppendLine();
        s.AppendLine("            FuzzOne(target, report, label, caps, request, length, reply, scratch);");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return report;");
        s.AppendLine("    }");
        s.AppendLine();
        EmitFuzzOne(s, p);
        EmitFuzzRequest(s, p);
        EmitFuzzTarget(s, p);
        s.AppendLine("}");
        s.AppendLine();
    }

    private static void EmitFuzzOne(StringBuilder s, ProtocolModel p)
    {
        bool caps = p.Methods.Any(m => m.HasCaps);
        if (caps)
        {
            s.AppendLine("    // The slot a fuzzed request's capability is in (what the server's receive slot would be).");
            s.AppendLine("    private const ulong FuzzCap = 0x55UL;");
            s.AppendLine();
        }

        s.AppendLine("    // One message through the dispatch, in the server's own arrangement (the reply overwrites the request's words).");
        s.AppendLine("    private static void FuzzOne(FuzzTarget target, ProtocolFuzzReport report, ulong label, int caps, ulong[] request, int length, ulong[] reply, byte[] scratch)");
        s.AppendLine("    {");
        s.AppendLine("        var sent = new ReadOnlySpan<ulong>(request, 0, length);");
        s.AppendLine("        for (int k = 0; k < length; k++) { reply[k] = request[k]; }");
        s.AppendLine("        target.FuzzBegin(request, length);");
        s.AppendLine("        ulong result;");
        s.AppendLine("        int replyLength;");
        s.AppendLine("        ulong replyCap = 0UL;");
        s.AppendLine("        try");
        s.AppendLine("        {");
        s.AppendLine(caps
            ? "            result = DispatchWords(target, label, caps, caps == 1 ? FuzzCap : 0UL, new ReadOnlySpan<ulong>(reply, 0, length), reply, scratch, out replyLength, out replyCap);"
            : "            result = DispatchWords(target, label, caps, new ReadOnlySpan<ulong>(reply, 0, length), reply, scratch, out replyLength);");
        s.AppendLine("        }");
        s.AppendLine("        catch (Exception e)");
        s.AppendLine("        {");
        s.AppendLine("            report.Fail(\"the dispatch threw: \" + e.Message, label, sent);");
        s.AppendLine("            return;");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        bool called = target.FuzzCalls > 0;");
        s.AppendLine("        report.Count(called);");
        s.AppendLine("        var error = (ProtocolError)result;");
        s.AppendLine("        ulong method = label & 0xFFUL;");
        s.AppendLine("        if (target.FuzzFailure is not null) { report.Fail(target.FuzzFailure, label, sent); }");
        s.AppendLine("        else if (target.FuzzCalls > 1) { report.Fail(\"the implementation ran twice\", label, sent); }");
        s.AppendLine("        else if (result == 0UL && method == 0UL && (called || replyLength != 1 || reply[0] != HelloWord)) { report.Fail(\"a bad handshake answer\", label, sent); }");
        s.AppendLine("        else if (result == 0UL && method != 0UL && !called) { report.Fail(\"accepted without reaching the implementation\", label, sent); }");
        s.AppendLine("        else if (result == 0UL && method != 0UL && !ReplyDecodes(method, reply, replyLength, replyCap)) { report.Fail(\"the client's decoder refuses the reply\", label, sent); }");
        s.AppendLine("        else if (result != 0UL && ProtocolWire.IsAppError(error) != called && error != ProtocolError.TooLarge) { report.Fail(called ? \"refused after the implementation ran\" : \"an app error without a call\", label, sent); }");
        s.AppendLine("        else if (result != 0UL && !ProtocolWire.IsAppError(error))");
        s.AppendLine("        {");
        s.AppendLine("            bool shaped = error switch");
        s.AppendLine("            {");
        s.AppendLine("                ProtocolError.WrongProtocol or ProtocolError.UnknownMethod or ProtocolError.WrongLength or ProtocolError.BadCapability => replyLength == 0,");
        s.AppendLine("                ProtocolError.WrongVersion => replyLength == 1 && reply[0] == (ulong)Version,");
        s.AppendLine("                ProtocolError.BadArgument => replyLength == 1 && reply[0] < (ulong)ParameterCount(method),");
        s.AppendLine("                ProtocolError.TooLarge => called && replyLength == 0,");
        s.AppendLine("                _ => false,");
        s.AppendLine("            };");
        s.AppendLine("            if (!shaped) { report.Fail(\"an unknown error or a malformed error reply: \" + ProtocolWire.Describe(error), label, sent); }");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    private static int ParameterCount(ulong method) => method switch");
        s.AppendLine("    {");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"        {m.Number}UL => {m.Parameters.Count},");
        }

        s.AppendLine("        _ => 0,");
        s.AppendLine("    };");
        s.AppendLine();
        s.AppendLine("    // True when the client's decoder of the method takes a successful reply of these words.");
        s.AppendLine("    private static bool ReplyDecodes(ulong method, ulong[] reply, int n, ulong cap)");
        s.AppendLine("    {");
        s.AppendLine("        ulong r0 = n > 0 ? reply[0] : 0UL;");
        s.AppendLine("        ulong r1 = n > 1 ? reply[1] : 0UL;");
        s.AppendLine("        ulong r2 = n > 2 ? reply[2] : 0UL;");
        s.AppendLine("        ulong r3 = n > 3 ? reply[3] : 0UL;");
        s.AppendLine("        switch (method)");
        s.AppendLine("        {");
        foreach (ProtocolMethod m in p.Methods)
        {
            string decode = m.OnRegisters ? $"Decode{m.Name}Reply(0UL, n, r0, r1, r2, r3)" : $"Decode{m.Name}Reply(0UL, new ReadOnlySpan<ulong>(reply, 0, n){(m.CapResult ? ", cap" : "")})";
            s.AppendLine($"            case {m.Number}UL: return {decode}.IsOk;");
        }

        s.AppendLine("            default: return false;");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitFuzzRequest(StringBuilder s, ProtocolModel p)
    {
        s.AppendLine("    // A valid request of method number <method> (0: the handshake) with random arguments: its length, or -1 when too large.");
        s.AppendLine("    private static int FuzzRequest(ProtocolFuzzRandom random, int method, ulong[] request, out ulong label, out int caps)");
        s.AppendLine("    {");
        s.AppendLine("        caps = 0;");
        s.AppendLine("        switch (method)");
        s.AppendLine("        {");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"            case {m.Number}:");
            s.AppendLine("            {");
            for (int i = 0; i < m.Parameters.Count; i++)
            {
                RandomValue(s, "                ", m.Parameters[i].Type, $"a{i}");
            }

            string args = string.Join("", Enumerable.Range(0, m.Parameters.Count).Select(i => $"a{i}, "));
            s.AppendLine($"                label = {m.Name}Label;");
            if (m.CapParameter >= 0)
            {
                s.AppendLine("                caps = 1;");
            }

            if (m.OnRegisters)
            {
                s.AppendLine($"                int n = Encode{m.Name}({args}out request[0], out request[1], out request[2], out request[3]);");
                s.AppendLine("                return n;");
            }
            else
            {
                s.AppendLine($"                return Encode{m.Name}({args}new Span<ulong>(request, 0, {(m.SharedRequest ? "ProtocolWire.MaxSharedWords" : "ProtocolWire.MaxWords")}));");
            }

            s.AppendLine("            }");
        }

        s.AppendLine("            default:");
        s.AppendLine("                label = HelloLabel;");
        s.AppendLine("                return random.Below(8) == 0 ? -1 : 0;");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
    }

    // Declares <name> as a random value of <t>.
    private static void RandomValue(StringBuilder s, string indent, WireType t, string name)
    {
        switch (t.Kind)
        {
            case WireKind.String:
                s.AppendLine($"{indent}string {name} = random.Text(24);");
                return;
            case WireKind.Bytes:
            case WireKind.ByteSpan:
                s.AppendLine($"{indent}byte[] {name} = random.Bytes(random.Below(16) == 0 ? 4200 : 160);");
                return;
            case WireKind.Capability:
                s.AppendLine($"{indent}{t.Name} {name} = new {t.Name}(FuzzCap);");
                return;
            case WireKind.WordSpan:
                s.AppendLine($"{indent}ulong[] {name} = new ulong[random.Below(12)];");
                s.AppendLine($"{indent}for (int {name}I = 0; {name}I < {name}.Length; {name}I++) {{ {name}[{name}I] = random.Word(); }}");
                return;
            case WireKind.Array:
                s.AppendLine($"{indent}{t.Name} {name} = new {t.Element!.Name}[random.Below(12)];");
                s.AppendLine($"{indent}for (int {name}I = 0; {name}I < {name}.Length; {name}I++) {{ {name}[{name}I] = {RandomScalar(t.Element!)}; }}");
                return;
            case WireKind.Struct:
                s.AppendLine($"{indent}{t.Name} {name} = new {t.Name} {{ {string.Join(", ", t.Fields.Select(f => $"{f.Name} = {RandomScalar(f.Type)}"))} }};");
                return;
            default:
                s.AppendLine($"{indent}{t.Name} {name} = {RandomScalar(t)};");
                return;
        }
    }

    private static string RandomScalar(WireType t)
    {
        if (t.Kind == WireKind.Bool)
        {
            return "random.Below(2) == 1";
        }

        if (t.Kind == WireKind.Enum && t.IsFlags)
        {
            return $"unchecked(({t.Name})({t.Keyword})(random.Word() & {t.FlagsMask}))";
        }

        if (t.Kind == WireKind.Enum && t.Values.Count > 0)
        {
            string arms = string.Join(", ", t.Values.Select((v, k) => $"{(k == t.Values.Count - 1 ? "_" : k.ToString(System.Globalization.CultureInfo.InvariantCulture))} => unchecked(({t.Name})({t.Keyword}){v})"));
            return $"random.Below({t.Values.Count}) switch {{ {arms} }}";
        }

        return $"unchecked(({t.Name})random.Word())";
    }

    // A valid value of <t> (what the fuzzer's implementation returns).
    private static string Sample(WireType t) => t.Kind switch
    {
        WireKind.String => "\"fuzz\"",
        WireKind.Bytes => "new byte[] { 1, 2, 3 }",
        WireKind.Capability => $"new {t.Name}(0x66UL)",
        WireKind.Array => $"new {t.Element!.Name}[] {{ {Sample(t.Element!)} }}",
        WireKind.Struct => $"new {t.Name} {{ {string.Join(", ", t.Fields.Select(f => $"{f.Name} = {Sample(f.Type)}"))} }}",
        WireKind.Bool => "true",
        WireKind.Enum when t.IsFlags => "default",
        WireKind.Enum when t.Values.Count > 0 => $"unchecked(({t.Name})({t.Keyword}){t.Values[0]})",
        _ => $"unchecked(({t.Name})1)",
    };

    private static void EmitFuzzTarget(StringBuilder s, ProtocolModel p)
    {
        s.AppendLine($"    // The fuzzer's implementation: re-encodes its arguments and compares them with the words sent; a valid result.");
        s.AppendLine($"    private sealed class FuzzTarget : {p.Interface}");
        s.AppendLine("    {");
        s.AppendLine("        private ulong[] _request = new ulong[0];");
        s.AppendLine("        private int _length;");
        s.AppendLine("        private long _total;");
        s.AppendLine("        public int FuzzCalls;");
        s.AppendLine("        public string? FuzzFailure;");
        s.AppendLine();
        s.AppendLine("        public void FuzzBegin(ulong[] request, int length)");
        s.AppendLine("        {");
        s.AppendLine("            _request = request;");
        s.AppendLine("            _length = length;");
        s.AppendLine("            FuzzCalls = 0;");
        s.AppendLine("            FuzzFailure = null;");
        s.AppendLine("        }");
        s.AppendLine();
        EmitEventStubs(s, p, "        ");
        s.AppendLine("        private void FuzzSame(ReadOnlySpan<ulong> again, int n)");
        s.AppendLine("        {");
        s.AppendLine("            FuzzCalls++;");
        s.AppendLine("            _total++;");
        s.AppendLine("            bool same = n == _length;");
        s.AppendLine("            for (int k = 0; same && k < n; k++) { same = again[k] == _request[k]; }");
        s.AppendLine("            if (!same) { FuzzFailure = \"the implementation's arguments do not encode back to the words sent\"; }");
        s.AppendLine("        }");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine();
            s.AppendLine($"        public {m.DeclaredReturn} {m.Name}({ParameterList(m)})");
            s.AppendLine("        {");
            string args = string.Join("", m.Parameters.Select(a => a.Name + ", "));
            if (m.OnRegisters)
            {
                s.AppendLine("            Span<ulong> _again = stackalloc ulong[4];");
                s.AppendLine($"            int _n = Encode{m.Name}({args}out _again[0], out _again[1], out _again[2], out _again[3]);");
            }
            else
            {
                s.AppendLine(m.SharedRequest ? "            Span<ulong> _again = new ulong[ProtocolWire.MaxSharedWords];" : "            Span<ulong> _again = stackalloc ulong[ProtocolWire.MaxWords];");
                s.AppendLine($"            int _n = Encode{m.Name}({args}_again);");
            }

            s.AppendLine("            FuzzSame(_again, _n);");
            if (m.CapParameter >= 0)
            {
                s.AppendLine($"            if ({m.Parameters[m.CapParameter].Name}.Cptr != FuzzCap) {{ FuzzFailure = \"the capability argument is not the one received\"; }}");
            }

            switch (m.Shape)
            {
                case ReturnShape.Value:
                    s.AppendLine($"            return {Sample(m.Result!)};");
                    break;
                case ReturnShape.Result:
                    s.AppendLine("            return _total % 5 == 0 ? Result.Fail(7) : Result.Ok;");
                    break;
                case ReturnShape.ResultOf:
                    s.AppendLine($"            return _total % 5 == 0 ? Result<{m.Result!.Name}>.Fail(7) : new Result<{m.Result!.Name}>({Sample(m.Result!)});");
                    break;
            }

            s.AppendLine("        }");
        }

        s.AppendLine("    }");
    }
}
