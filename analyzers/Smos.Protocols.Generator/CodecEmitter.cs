// The generated codec (pure C#): labels, request and reply encoders and decoders, and the validating dispatches.
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static void EmitCodec(StringBuilder s, ProtocolModel p, string codec)
    {
        s.AppendLine($"/// <summary>The wire codec of {p.Interface} (\"{p.ProtocolName}\" version {p.Version}): labels, request and reply words, and the validating dispatch.</summary>");
        s.AppendLine($"{p.Accessibility} static partial class {codec}");
        s.AppendLine("{");
        s.AppendLine($"    /// <summary>The protocol's name: what its server publishes by default.</summary>");
        s.AppendLine($"    public const string Name = {Literal(p.ProtocolName)};");
        s.AppendLine($"    /// <summary>The protocol id in bits 16-31 of each request label (ProtocolWire.IdOf(Name)).</summary>");
        s.AppendLine($"    public const uint Id = 0x{p.Id:X4};");
        s.AppendLine($"    /// <summary>The version in bits 8-15 of each request label.</summary>");
        s.AppendLine($"    public const int Version = {p.Version};");
        s.AppendLine($"    /// <summary>The handshake's label (method 0), sent by the client when it opens a connection.</summary>");
        s.AppendLine($"    public const ulong HelloLabel = {Hex(Label(p, 0))};");
        s.AppendLine($"    /// <summary>The server's answer to the handshake (ProtocolWire.HelloWord(Id, Version)).</summary>");
        s.AppendLine($"    public const ulong HelloWord = {Hex(0x534D4F5300000000UL | ((ulong)(p.Id & 0xFFFF) << 8) | (ulong)(uint)(p.Version & 0xFF))};");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"    /// <summary>The request label of {m.Name} (method {m.Number}; {(m.OnRegisters ? "the register path" : "the words path")}).</summary>");
            s.AppendLine($"    public const ulong {m.Name}Label = {Hex(Label(p, m.Number))};");
        }

        s.AppendLine();
        s.AppendLine("    /// <summary>True when <paramref name=\"label\"/>'s method travels on the words path (DispatchWords; MR4 and up in the IPC buffer).</summary>");
        string wordsCases = string.Join(" or ", p.Methods.Where(m => !m.OnRegisters).Select(m => $"{m.Number}UL"));
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
        s.AppendLine($"    public static bool OnWords(ulong label) => {(wordsCases.Length == 0 ? "false" : $"(label & 0xFFUL) is {wordsCases}")};");
        s.AppendLine();
        foreach (ProtocolMethod m in p.Methods)
        {
            if (m.OnRegisters)
            {
                EmitRegisterCodec(s, m);
            }
            else
            {
                EmitWordsCodec(s, m);
            }
        }

        EmitHelloReply(s);
        EmitDispatch(s, p);
        EmitDispatchWords(s, p);
        EmitEventsCodec(s, p);
        s.AppendLine("    /// <summary>An implementation's error as a reply label (52 bits, below ServerGone).</summary>");
        s.AppendLine("    internal static ulong ErrorLabel(ProtocolError error) => (ulong)error > ProtocolWire.MaxError ? ProtocolWire.MaxError : (ulong)error;");
        s.AppendLine("}");
        s.AppendLine();
    }

    private static ulong Label(ProtocolModel p, int method) => ((ulong)(p.Id & 0xFFFF) << 16) | ((ulong)(uint)(p.Version & 0xFF) << 8) | (ulong)(uint)method;

    private static void EmitRegisterCodec(StringBuilder s, ProtocolMethod m)
    {
        var leaves = m.Parameters.SelectMany(a => Leaves(a.Name, a.Type)).ToList();
        string args = ParameterList(m);
        s.AppendLine($"    /// <summary>The request words of {m.Name} (MR0-3): returns how many (the message length).</summary>");
        s.AppendLine($"    public static int Encode{m.Name}({args}{(args.Length > 0 ? ", " : "")}out ulong word0, out ulong word1, out ulong word2, out ulong word3)");
        s.AppendLine("    {");
        for (int i = 0; i < 4; i++)
        {
            s.AppendLine($"        word{i} = {(i < leaves.Count ? Encode(leaves[i].Type, leaves[i].Expr) : "0UL")};");
        }

        s.AppendLine($"        return {leaves.Count};");
        s.AppendLine("    }");
        s.AppendLine();
        string result = ClientResult(m);
        s.AppendLine($"    /// <summary>The client's view of a reply to {m.Name}: the error in its label, or its value checked like a request's arguments.</summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
        s.AppendLine($"    public static {result} Decode{m.Name}Reply(ulong label, int length, ulong word0, ulong word1, ulong word2, ulong word3)");
        s.AppendLine("    {");
        s.AppendLine($"        if (label != 0UL) {{ return new {result}((ProtocolError)label); }}");
        s.AppendLine($"        if (length != {m.ReplyFixedWords}) {{ return new {result}(ProtocolError.BadReply); }}");
        if (m.Result is null)
        {
            s.AppendLine("        return Result.Ok;");
        }
        else
        {
            DecodeFixed(s, "        ", m.Result, k => $"word{k}", "value", $"return new {result}(ProtocolError.BadReply);");
            s.AppendLine($"        return new {result}(value);");
        }

        s.AppendLine("    }");
        s.AppendLine();
    }

    // public static int NAME(parameters, Span<ulong> _words): the words of m's arguments, or -1 when they do not fit.
    private static void EmitEncoder(StringBuilder s, ProtocolMethod m, string name)
    {
        string args = ParameterList(m);
        s.AppendLine($"    public static int {name}({args}{(args.Length > 0 ? ", " : "")}Span<ulong> _words)");
        s.AppendLine("    {");
        // The leading fixed-size parameters go to constant offsets after one room check; the rest through ProtocolWords.
        int prefix = FixedPrefix(m, out int fixedCount);
        if (prefix > 0)
        {
            s.AppendLine($"        if (_words.Length < {prefix}) {{ return -1; }}");
            int k = 0;
            for (int i = 0; i < fixedCount; i++)
            {
                foreach ((string expr, WireType leaf) in Leaves(m.Parameters[i].Name, m.Parameters[i].Type))
                {
                    s.AppendLine($"        _words[{k++}] = {Encode(leaf, expr)};");
                }
            }
        }

        if (fixedCount == m.Parameters.Count)
        {
            s.AppendLine($"        return {prefix};");
        }
        else
        {
            s.AppendLine($"        int _at = {prefix};");
            for (int i = fixedCount; i < m.Parameters.Count; i++)
            {
                Put(s, "        ", m.Parameters[i].Type, m.Parameters[i].Name, "_words", "_at", "return -1;", $"_p{i}");
            }

            s.AppendLine("        return _at;");
        }

        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitWordsCodec(StringBuilder s, ProtocolMethod m)
    {
        s.AppendLine($"    /// <summary>The request words of {m.Name}: returns how many, or -1 when they do not fit in <paramref name=\"_words\"/> (at most ProtocolWire.MaxWords, or MaxSharedWords for the shared page).</summary>");
        EmitEncoder(s, m, "Encode" + m.Name);
        string result = ClientResult(m);
        s.AppendLine($"    /// <summary>The client's view of a reply to {m.Name} (its words{(m.CapResult ? " and the capability it carried, 0 for none" : "")}): the error in its label, or its value checked like a request's arguments.</summary>");
        s.AppendLine($"    public static {result} Decode{m.Name}Reply(ulong label, ReadOnlySpan<ulong> words{(m.CapResult ? ", ulong cap" : "")})");
        s.AppendLine("    {");
        s.AppendLine($"        if (label != 0UL) {{ return new {result}((ProtocolError)label); }}");
        if (m.CapResult)
        {
            s.AppendLine($"        if (words.Length != 0) {{ return new {result}(ProtocolError.BadReply); }}");
            s.AppendLine($"        if (cap == 0UL) {{ return new {result}(ProtocolError.BadCapability); }}");
            s.AppendLine($"        return new {result}(new {m.Result!.Name}(cap));");
        }
        else if (m.Result is null)
        {
            s.AppendLine($"        return words.Length == 0 ? Result.Ok : new {result}(ProtocolError.BadReply);");
        }
        else if (m.Result.FixedWords >= 0)
        {
            s.AppendLine($"        if (words.Length != {m.Result.FixedWords}) {{ return new {result}(ProtocolError.BadReply); }}");
            DecodeFixed(s, "        ", m.Result, k => $"words[{k}]", "value", $"return new {result}(ProtocolError.BadReply);");
            s.AppendLine($"        return new {result}(value);");
        }
        else
        {
            s.AppendLine("        int at = 0;");
            Get(s, "        ", m.Result, "words", "at", "value", $"return new {result}(ProtocolError.BadReply);");
            s.AppendLine($"        return at == words.Length ? new {result}(value) : new {result}(ProtocolError.BadReply);");
        }

        s.AppendLine("    }");
        s.AppendLine();
    }

    // The call of the implementation with the decoded arguments arg0..: returns the value expression to encode in the
    // reply, or null when the emitted lines already return (void, Result, or a failed Result<T>).
    private static string? EmitCall(StringBuilder s, ProtocolMethod m)
    {
        string call = $"impl.{m.Name}({string.Join(", ", Enumerable.Range(0, m.Parameters.Count).Select(i => "arg" + i))})";
        switch (m.Shape)
        {
            case ReturnShape.Void:
                s.AppendLine($"                {call};");
                s.AppendLine("                return 0UL;");
                return null;
            case ReturnShape.Result:
                s.AppendLine($"                Result result = {call};");
                s.AppendLine("                return ErrorLabel(result.Error);");
                return null;
            case ReturnShape.Value:
                s.AppendLine($"                {m.Result!.Name} result = {call};");
                return "result";
            default:
                s.AppendLine($"                Result<{m.Result!.Name}> result = {call};");
                s.AppendLine("                if (!result.IsOk) { return ErrorLabel(result.Error); }");
                return "result.Value";
        }
    }

    // The words of the leading parameters of fixed size (scalars, structs) and how many such parameters lead.
    private static int FixedPrefix(ProtocolMethod m, out int count)
    {
        int words = 0;
        count = 0;
        while (count < m.Parameters.Count && m.Parameters[count].Type.FixedWords >= 0)
        {
            words += m.Parameters[count].Type.FixedWords;
            count++;
        }

        return words;
    }

    // The reply's words in DispatchWords: constant offsets for a fixed-size result, else through ProtocolWords.
    private static void PutReply(StringBuilder s, WireType t, string value)
    {
        if (t.Kind == WireKind.Capability)
        {
            s.AppendLine($"                replyCap = {value}.Cptr;");
            s.AppendLine("                replyLength = 0;");
            s.AppendLine("                return 0UL;");
            return;
        }

        if (t.FixedWords >= 0)
        {
            var leaves = Leaves(value, t).ToList();
            s.AppendLine($"                if (reply.Length < {leaves.Count}) {{ return (ulong)ProtocolError.TooLarge; }}");
            for (int k = 0; k < leaves.Count; k++)
            {
                s.AppendLine($"                reply[{k}] = {Encode(leaves[k].Type, leaves[k].Expr)};");
            }

            s.AppendLine($"                replyLength = {leaves.Count};");
        }
        else
        {
            s.AppendLine("                n = 0;");
            Put(s, "                ", t, value, "reply", "n", "return (ulong)ProtocolError.TooLarge;", "_r");
            s.AppendLine("                replyLength = n;");
        }

        s.AppendLine("                return 0UL;");
    }

    private static void EmitHelloReply(StringBuilder s)
    {
        s.AppendLine("    /// <summary>The client's view of the handshake's reply: Ok, WrongVersion (with the server's version), WrongProtocol, or ServerGone.</summary>");
        s.AppendLine("    public static ProtocolError DecodeHelloReply(ulong label, int length, ulong word0, out int serverVersion)");
        s.AppendLine("    {");
        s.AppendLine("        serverVersion = -1;");
        s.AppendLine("        if (label == 0UL && length == 1 && word0 == HelloWord) { serverVersion = Version; return ProtocolError.Ok; }");
        s.AppendLine("        if (label == (ulong)ProtocolError.WrongVersion && length == 1 && word0 <= 255UL) { serverVersion = (int)word0; return ProtocolError.WrongVersion; }");
        s.AppendLine("        return label == (ulong)ProtocolError.ServerGone ? ProtocolError.ServerGone : ProtocolError.WrongProtocol;");
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitDispatch(StringBuilder s, ProtocolModel p)
    {
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// The register path: checks a request in MR0-3 (protocol id, version, method, length, capabilities, each argument)");
        s.AppendLine("    /// and only then calls <paramref name=\"impl\"/>; the reply's words replace the request's. Returns the reply label: 0");
        s.AppendLine("    /// or a ProtocolError (BadArgument: word 0 = the argument's index; WrongVersion: word 0 = this version). Methods");
        s.AppendLine("    /// on the words path are refused here as WrongLength: they go through DispatchWords.");
        s.AppendLine("    /// </summary>");
        s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
        s.AppendLine($"    public static ulong Dispatch({p.Interface} impl, ulong label, int length, int extraCaps, ref ulong word0, ref ulong word1, ref ulong word2, ref ulong word3, out int replyLength)");
        s.AppendLine("    {");
        s.AppendLine("        replyLength = 0;");
        s.AppendLine("        if ((label >> 16) != Id) { return (ulong)ProtocolError.WrongProtocol; }");
        s.AppendLine("        if (((label >> 8) & 0xFFUL) != (ulong)Version) { word0 = (ulong)Version; replyLength = 1; return (ulong)ProtocolError.WrongVersion; }");
        s.AppendLine("        switch (label & 0xFFUL)");
        s.AppendLine("        {");
        s.AppendLine("            case 0UL:");
        s.AppendLine("                if (length != 0) { return (ulong)ProtocolError.WrongLength; }");
        s.AppendLine("                if (extraCaps != 0) { return (ulong)ProtocolError.BadCapability; }");
        s.AppendLine("                word0 = HelloWord;");
        s.AppendLine("                replyLength = 1;");
        s.AppendLine("                return 0UL;");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine($"            case {m.Number}UL:");
            if (!m.OnRegisters)
            {
                s.AppendLine("                return (ulong)ProtocolError.WrongLength; // the words path: DispatchWords");
                continue;
            }

            s.AppendLine("            {");
            s.AppendLine($"                if (length != {m.RequestFixedWords}) {{ return (ulong)ProtocolError.WrongLength; }}");
            s.AppendLine("                if (extraCaps != 0) { return (ulong)ProtocolError.BadCapability; }");
            int word = 0;
            for (int i = 0; i < m.Parameters.Count; i++)
            {
                int first = word;
                DecodeFixed(s, "                ", m.Parameters[i].Type, k => $"word{first + k}", $"arg{i}", $"word0 = {i}UL; replyLength = 1; return (ulong)ProtocolError.BadArgument;");
                word += m.Parameters[i].Type.FixedWords;
            }

            string? value = EmitCall(s, m);
            if (value is not null)
            {
                var leaves = Leaves(value, m.Result!).ToList();
                for (int k = 0; k < leaves.Count; k++)
                {
                    s.AppendLine($"                word{k} = {Encode(leaves[k].Type, leaves[k].Expr)};");
                }

                s.AppendLine($"                replyLength = {leaves.Count};");
                s.AppendLine("                return 0UL;");
            }

            s.AppendLine("            }");
        }

        s.AppendLine("            default:");
        s.AppendLine("                return (ulong)ProtocolError.UnknownMethod;");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
    }

    private static void EmitDispatchWords(StringBuilder s, ProtocolModel p)
    {
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// Every method (what a server's Handle and the fuzzer call): checks <paramref name=\"request\"/>'s words as Dispatch does,");
        s.AppendLine("    /// decoding strings, byte arrays and arrays (lengths, padding, UTF-8); only then calls <paramref name=\"impl\"/>, and");
        s.AppendLine("    /// writes the reply's words to <paramref name=\"reply\"/> (which may be the request's own memory: every argument is");
        s.AppendLine("    /// decoded before the first reply word is written). ReadOnlySpan&lt;byte&gt; arguments are copies in");
        s.AppendLine("    /// <paramref name=\"scratch\"/> (8 bytes per request word is always enough). Returns the reply label.");
        s.AppendLine("    /// </summary>");
        bool caps = p.Methods.Any(m => m.HasCaps);
        if (caps)
        {
            s.AppendLine("    /// <remarks>");
            s.AppendLine("    /// <paramref name=\"receivedCap\"/> is the slot of the capability the request carried (when <paramref name=\"extraCaps\"/> is 1);");
            s.AppendLine("    /// <paramref name=\"replyCap\"/> is the capability the reply carries (0 for none).");
            s.AppendLine("    /// </remarks>");
        }

        s.AppendLine($"    public static ulong DispatchWords({p.Interface} impl, ulong label, int extraCaps, {(caps ? "ulong receivedCap, " : "")}ReadOnlySpan<ulong> request, Span<ulong> reply, Span<byte> scratch, out int replyLength{(caps ? ", out ulong replyCap" : "")})");
        s.AppendLine("    {");
        s.AppendLine("        replyLength = 0;");
        if (caps)
        {
            s.AppendLine("        replyCap = 0UL;");
        }

        s.AppendLine("        if (!OnWords(label) || (label >> 16) != Id || ((label >> 8) & 0xFFUL) != (ulong)Version)");
        s.AppendLine("        {");
        s.AppendLine($"            if (request.Length > ProtocolWire.RegisterWords) {{ return (label >> 16) != Id ? (ulong)ProtocolError.WrongProtocol : ((label >> 8) & 0xFFUL) != (ulong)Version ? VersionReply(reply, out replyLength) : (label & 0xFFUL) <= {p.Methods.Count}UL ? (ulong)ProtocolError.WrongLength : (ulong)ProtocolError.UnknownMethod; }}");
        s.AppendLine("            ulong w0 = request.Length > 0 ? request[0] : 0UL;");
        s.AppendLine("            ulong w1 = request.Length > 1 ? request[1] : 0UL;");
        s.AppendLine("            ulong w2 = request.Length > 2 ? request[2] : 0UL;");
        s.AppendLine("            ulong w3 = request.Length > 3 ? request[3] : 0UL;");
        s.AppendLine("            ulong registerLabel = Dispatch(impl, label, request.Length, extraCaps, ref w0, ref w1, ref w2, ref w3, out replyLength);");
        s.AppendLine("            if (replyLength > 0) { reply[0] = w0; }");
        s.AppendLine("            if (replyLength > 1) { reply[1] = w1; }");
        s.AppendLine("            if (replyLength > 2) { reply[2] = w2; }");
        s.AppendLine("            if (replyLength > 3) { reply[3] = w3; }");
        s.AppendLine("            return registerLabel;");
        s.AppendLine("        }");
        s.AppendLine();
        var words = p.Methods.Where(m => !m.OnRegisters).ToList();
        if (words.Any(m => FixedPrefix(m, out int fixedCount) >= 0 && fixedCount < m.Parameters.Count))
        {
            s.AppendLine("        int at;");
        }

        if (words.Any(m => m.Parameters.Any(a => a.Type.Kind == WireKind.ByteSpan)))
        {
            s.AppendLine("        int scratchAt = 0;");
        }

        if (words.Any(m => m.Result is { FixedWords: < 0 }))
        {
            s.AppendLine("        int n;");
        }

        s.AppendLine("        switch (label & 0xFFUL)");
        s.AppendLine("        {");
        foreach (ProtocolMethod m in words)
        {
            s.AppendLine($"            case {m.Number}UL:");
            s.AppendLine("            {");
            string lengthTest = m.RequestFixedWords >= 0 ? $"request.Length != {m.RequestFixedWords}" : $"request.Length < {m.RequestMinWords}";
            s.AppendLine($"                if ({lengthTest}) {{ return (ulong)ProtocolError.WrongLength; }}");
            s.AppendLine($"                if (extraCaps != {(m.CapParameter >= 0 ? 1 : 0)}) {{ return (ulong)ProtocolError.BadCapability; }}");
            // The length test covers the leading fixed-size parameters: they are read at constant offsets.
            int prefix = FixedPrefix(m, out int fixedCount);
            int word = 0;
            for (int i = 0; i < fixedCount; i++)
            {
                int first = word;
                DecodeFixed(s, "                ", m.Parameters[i].Type, k => $"request[{first + k}]", $"arg{i}", $"reply[0] = {i}UL; replyLength = 1; return (ulong)ProtocolError.BadArgument;");
                word += m.Parameters[i].Type.FixedWords;
            }

            if (fixedCount < m.Parameters.Count)
            {
                s.AppendLine($"                at = {prefix};");
                for (int i = fixedCount; i < m.Parameters.Count; i++)
                {
                    Get(s, "                ", m.Parameters[i].Type, "request", "at", $"arg{i}", $"reply[0] = {i}UL; replyLength = 1; return (ulong)ProtocolError.BadArgument;");
                }

                s.AppendLine("                if (at != request.Length) { return (ulong)ProtocolError.WrongLength; }");
            }
            if (EmitCall(s, m) is string value)
            {
                PutReply(s, m.Result!, value);
            }

            s.AppendLine("            }");
        }

        s.AppendLine("            default:");
        s.AppendLine("                return (ulong)ProtocolError.UnknownMethod;");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    private static ulong VersionReply(Span<ulong> reply, out int replyLength)");
        s.AppendLine("    {");
        s.AppendLine("        reply[0] = (ulong)Version;");
        s.AppendLine("        replyLength = 1;");
        s.AppendLine("        return (ulong)ProtocolError.WrongVersion;");
        s.AppendLine("    }");
        s.AppendLine();
    }
}
