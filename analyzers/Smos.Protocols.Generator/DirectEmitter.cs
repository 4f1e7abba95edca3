// The direct paths: a fixed-size call's words go straight between locals and the message registers, client and server.
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    // The direct paths' scopes end with Dispose, not in a using: between the open and the Dispose there are only
    // volatile accesses at constant indices below 120 and plain word values, none of which can throw, so the scope
    // always ends; a using would add the try/finally whose bookkeeping costs each scope a store (docs/protocols.md).
    private const string NoTryNote = "ended below: nothing between can throw";

    /// <summary>The request's scalar leaves, encoded as words, in order (a fixed-size method's whole request).</summary>
    private static List<string> RequestWords(ProtocolMethod m) =>
        m.Parameters.SelectMany(a => Leaves(a.Name, a.Type)).Select(l => Encode(l.Type, l.Expr)).ToList();

    // The client of a register-path method or one on the direct words path: MR0-3 in the FastMessage, MR4 and up
    // written in one write scope and read back in one read scope, each ending before the next system call.
    private static void EmitDirectCall(StringBuilder s, ProtocolMethod m, string codec)
    {
        List<string> request = RequestWords(m);
        string W(int k) => k < request.Count ? request[k] : "0UL";
        string result = ClientResult(m);
        s.AppendLine($"        FastMessage _message = new FastMessage({W(0)}, {W(1)}, {W(2)}, {W(3)});");
        if (request.Count > 4)
        {
            s.AppendLine("        {");
            s.AppendLine("            IpcWriter w = Ipc.Write(); // " + NoTryNote);
            s.AppendLine("            VolatileSpan<ulong> _mr = w.MessageRegisters;");
            for (int k = 4; k < request.Count; k++)
            {
                s.AppendLine($"            _mr[{k}] = {request[k]};");
            }

            s.AppendLine("            w.Dispose();");
            s.AppendLine("        }");
            s.AppendLine();
        }

        s.AppendLine($"        MessageInfo _reply = Connection.Endpoint.Call(new MessageInfo({codec}.{m.Name}Label, 0, 0, {request.Count}), ref _message);");
        if (m.OnRegisters)
        {
            s.AppendLine($"        return {codec}.Decode{m.Name}Reply(_reply.Label, _reply.Length, _message.Mr0, _message.Mr1, _message.Mr2, _message.Mr3);");
            return;
        }

        // As Decode{m.Name}Reply checks the words: the error in the label, the length, then each value.
        int reply = m.ReplyFixedWords;
        s.AppendLine($"        if (_reply.Label != 0UL) {{ return new {result}((ProtocolError)_reply.Label); }}");
        s.AppendLine($"        if (_reply.Length != {reply}) {{ return new {result}(ProtocolError.BadReply); }}");
        if (reply > 4)
        {
            s.AppendLine($"        ulong {string.Join(", ", Enumerable.Range(4, reply - 4).Select(k => $"_r{k}"))};");
            s.AppendLine("        {");
            s.AppendLine("            IpcReader r = Ipc.Read(); // " + NoTryNote);
            s.AppendLine("            ReadOnlyVolatileSpan<ulong> _mr = r.MessageRegisters;");
            for (int k = 4; k < reply; k++)
            {
                s.AppendLine($"            _r{k} = _mr[{k}];");
            }

            s.AppendLine("            r.Dispose();");
            s.AppendLine("        }");
            s.AppendLine();
        }

        if (m.Result is null)
        {
            s.AppendLine("        return Result.Ok;");
            return;
        }

        DecodeFixed(s, "        ", m.Result, k => k < 4 ? $"_message.Mr{k}" : $"_r{k}", "value", $"return new {result}(ProtocolError.BadReply);");
        s.AppendLine($"        return new {result}(value);");
    }

    /// <summary>Methods the server's Handle serves directly: register-path and direct-words methods (not one-way).</summary>
    private static List<ProtocolMethod> DirectMethods(ProtocolModel p) =>
        p.Methods.Where(m => !m.OneWay && (m.OnRegisters || m.OnDirectWords)).ToList();

    // The server's direct path, first in Handle: a request whose tag is exactly a direct method's (its label: this
    // protocol, version and method, no shared-page flag; its length; no capability) is decoded straight from the
    // registers and the IPC buffer, checked as DispatchWords checks it, and answered straight into them. Anything else,
    // and a value that fails its check, goes on to the general path, which answers it with the precise error. A
    // register-path method is served inline; a words method in its own Serve method, so that Handle's frame stays small.
    private static void EmitDirectHandle(StringBuilder s, ProtocolModel p, string codec)
    {
        List<ProtocolMethod> direct = DirectMethods(p);
        if (direct.Count == 0 && p.Events.Count == 0)
        {
            return;
        }

        s.AppendLine("        switch (request.Word)");
        s.AppendLine("        {");
        if (p.Events.Count > 0)
        {
            s.AppendLine($"            case {codec}.EventsLabel << 12:");
            s.AppendLine("                return ServeEvents(ref message);");
        }

        foreach (ProtocolMethod m in direct)
        {
            s.AppendLine($"            case ({codec}.{m.Name}Label << 12) | {m.RequestFixedWords}UL:");
            if (m.OnDirectWords)
            {
                s.AppendLine($"                return Serve{m.Name}(request, ref message);");
                continue;
            }

            s.AppendLine("            {");
            EmitDirectServe(s, m, codec, "                ", "break;");
            s.AppendLine("            }");
        }

        s.AppendLine("        }");
        s.AppendLine();
    }

    // Each direct words method's Serve (called by Handle when the request's tag is exactly the method's).
    private static void EmitDirectServeMethods(StringBuilder s, ProtocolModel p, string codec)
    {
        foreach (ProtocolMethod m in DirectMethods(p).Where(m => m.OnDirectWords))
        {
            s.AppendLine();
            s.AppendLine($"    // {m.Name} on the direct path: MR4-{m.RequestFixedWords - 1} read in one scope, the reply's words written in one.");
            s.AppendLine("    [MethodImpl(MethodImplOptions.NoInlining)]");
            s.AppendLine($"    private MessageInfo Serve{m.Name}(MessageInfo request, ref FastMessage message)");
            s.AppendLine("    {");
            EmitDirectServe(s, m, codec, "        ", "return HandleWords(request, ref message);");
            s.AppendLine("    }");
        }
    }

    // The body of one direct method's service: read, check (onBad when a value fails), call, answer.
    private static void EmitDirectServe(StringBuilder s, ProtocolMethod m, string codec, string indent, string onBad)
    {
        int n = m.RequestFixedWords;
        if (n > 4)
        {
            s.AppendLine($"{indent}ulong {string.Join(", ", Enumerable.Range(4, n - 4).Select(k => $"_w{k}"))};");
            s.AppendLine($"{indent}{{");
            s.AppendLine($"{indent}    IpcReader r = Ipc.Read(); // {NoTryNote}");
            s.AppendLine($"{indent}    ReadOnlyVolatileSpan<ulong> _mr = r.MessageRegisters;");
            for (int k = 4; k < n; k++)
            {
                s.AppendLine($"{indent}    _w{k} = _mr[{k}];");
            }

            s.AppendLine($"{indent}    r.Dispose();");
            s.AppendLine($"{indent}}}");
            s.AppendLine();
        }

        int word = 0;
        for (int i = 0; i < m.Parameters.Count; i++)
        {
            int first = word;
            DecodeFixed(s, indent, m.Parameters[i].Type, k => first + k < 4 ? $"message.Mr{first + k}" : $"_w{first + k}", $"arg{i}", onBad);
            word += m.Parameters[i].Type.FixedWords;
        }

        string call = $"{m.Name}({string.Join(", ", Enumerable.Range(0, m.Parameters.Count).Select(i => "arg" + i))})";
        string value;
        switch (m.Shape)
        {
            case ReturnShape.Void:
                s.AppendLine($"{indent}{call};");
                s.AppendLine($"{indent}return new MessageInfo(0UL, 0, 0, 0);");
                return;
            case ReturnShape.Result:
                s.AppendLine($"{indent}Result result = {call};");
                s.AppendLine($"{indent}return new MessageInfo({codec}.ErrorLabel(result.Error), 0, 0, 0);");
                return;
            case ReturnShape.Value:
                s.AppendLine($"{indent}{m.Result!.Name} result = {call};");
                value = "result";
                break;
            default:
                s.AppendLine($"{indent}Result<{m.Result!.Name}> result = {call};");
                s.AppendLine($"{indent}if (!result.IsOk) {{ return new MessageInfo({codec}.ErrorLabel(result.Error), 0, 0, 0); }}");
                s.AppendLine($"{indent}{m.Result!.Name} _value = result.Value;");
                value = "_value";
                break;
        }

        var leaves = Leaves(value, m.Result!).Select(l => Encode(l.Type, l.Expr)).ToList();
        if (leaves.Count > 4)
        {
            s.AppendLine($"{indent}{{");
            s.AppendLine($"{indent}    IpcWriter w = Ipc.Write(); // {NoTryNote}");
            s.AppendLine($"{indent}    VolatileSpan<ulong> _mr = w.MessageRegisters;");
            for (int k = 4; k < leaves.Count; k++)
            {
                s.AppendLine($"{indent}    _mr[{k}] = {leaves[k]};");
            }

            s.AppendLine($"{indent}    w.Dispose();");
            s.AppendLine($"{indent}}}");
            s.AppendLine();
        }

        for (int k = 0; k < leaves.Count && k < 4; k++)
        {
            s.AppendLine($"{indent}message.Mr{k} = {leaves[k]};");
        }

        s.AppendLine($"{indent}return new MessageInfo(0UL, 0, 0, {leaves.Count});");
    }
}
