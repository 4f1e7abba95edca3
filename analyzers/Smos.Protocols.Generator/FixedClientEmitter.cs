// The client of a FixedLabels protocol: one generic method per request over an IFixedTransport (encode, call, decode the reply).
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static void EmitFixedClient(StringBuilder s, ProtocolModel p, string codec)
    {
        string client = p.BaseName + "Client";
        s.AppendLine("/// <summary>");
        s.AppendLine($"/// The calls of {p.Interface} (\"{p.ProtocolName}\", fixed labels) through a transport: each encodes its arguments with");
        s.AppendLine($"/// {codec}, calls, and decodes a successful reply's result. Each returns the reply label (0: success; the server's");
        s.AppendLine("/// own error otherwise, or the transport's RequestTooLarge or MalformedReply); a result is default unless it returns 0.");
        s.AppendLine("/// </summary>");
        s.AppendLine("[SkipLocalsInit] // the request and reply buffers are written before they are read");
        s.AppendLine($"{p.Accessibility} static partial class {client}");
        s.AppendLine("{");
        foreach (ProtocolMethod m in p.Methods)
        {
            EmitFixedCall(s, m, codec);
        }

        s.AppendLine("}");
        s.AppendLine();
    }

    private static void EmitFixedCall(StringBuilder s, ProtocolMethod m, string codec)
    {
        string args = ParameterList(m);
        WireType? r = m.Result;
        bool pageResult = r is { Kind: WireKind.WordSpan };
        string tail = r is null ? "" : pageResult ? ", Span<ulong> reply, out ReadOnlySpan<ulong> result" : $", out {r.Name} result";
        s.AppendLine($"    /// <summary>{m.Name} (label {m.Label}){(pageResult ? "; <paramref name=\"result\"/> is a slice of <paramref name=\"reply\"/>" : "")}.</summary>");
        s.AppendLine($"    public static ulong {m.Name}<TTransport>(scoped ref TTransport transport{(args.Length > 0 ? ", " + args : "")}{tail})");
        s.AppendLine("        where TTransport : struct, IFixedTransport");
        s.AppendLine("    {");
        if (r is not null)
        {
            s.AppendLine("        result = default!;");
        }

        int requestWords = m.RequestFixedWords >= 0 ? m.RequestFixedWords : -1;
        string call = string.Join("", m.Parameters.Select(a => a.Name + ", "));
        if (requestWords == 0)
        {
            s.AppendLine("        Span<ulong> _request = default;");
        }
        else
        {
            s.AppendLine($"        Span<ulong> _request = stackalloc ulong[{(requestWords > 0 ? requestWords.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ProtocolWire.MaxWords")}];");
        }

        s.AppendLine($"        int _n = {codec}.Encode{m.Name}({call}_request);");
        s.AppendLine("        if (_n < 0) { return transport.RequestTooLarge; }");
        if (r is null)
        {
            // A method without a result reads no reply words.
            s.AppendLine($"        return transport.Call({codec}.{m.Name}Label, _request.Slice(0, _n), default, out _);");
            s.AppendLine("    }");
            s.AppendLine();
            return;
        }

        string buffer = pageResult ? "reply" : "_reply";
        if (!pageResult)
        {
            string words = r.FixedWords >= 0 ? r.FixedWords.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ProtocolWire.MaxWords";
            s.AppendLine($"        Span<ulong> _reply = stackalloc ulong[{words}];");
        }

        s.AppendLine($"        ulong _label = transport.Call({codec}.{m.Name}Label, _request.Slice(0, _n), {buffer}, out int _length);");
        s.AppendLine("        if (_label != 0UL) { return _label; }");
        s.AppendLine($"        return {codec}.Decode{m.Name}Reply({buffer}.Slice(0, _length), out result) ? 0UL : transport.MalformedReply;");
        s.AppendLine("    }");
        s.AppendLine();
    }
}
