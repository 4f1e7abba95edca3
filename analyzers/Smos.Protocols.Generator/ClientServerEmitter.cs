// The generated client (a connection and one method per call) and server base (a FastRequestHandler over the codec).
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static void EmitClient(StringBuilder s, ProtocolModel p, string codec)
    {
        string client = p.BaseName + "Client";
        string name = Literal(p.ProtocolName) + "u8";
        s.AppendLine($"/// <summary>A client of {p.Interface}: a connection and one method per call (MR0-3 in registers; MR4 and up through IPC-buffer scopes that end before the call).</summary>");
        s.AppendLine($"{p.Accessibility} readonly partial struct {client}");
        s.AppendLine("{");
        s.AppendLine("    /// <summary>The connection the calls go through.</summary>");
        s.AppendLine("    public readonly Connection Connection;");
        s.AppendLine();
        s.AppendLine("    /// <summary>A client over an open connection (no handshake: Open and OpenWhenPublished do one).</summary>");
        s.AppendLine($"    public {client}(in Connection connection)");
        s.AppendLine("    {");
        s.AppendLine("        Connection = connection;");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine($"    /// <summary>Opens the protocol's own name ({Literal(p.ProtocolName)}) and checks the server speaks this protocol and version.</summary>");
        s.AppendLine($"    public static OpenResult Open(out {client} client) => Open({name}, out client);");
        s.AppendLine();
        s.AppendLine("    /// <summary>Opens <paramref name=\"name\"/> (Connections.Open), then the handshake: on a failure the connection is closed again.</summary>");
        s.AppendLine($"    public static OpenResult Open(ReadOnlySpan<byte> name, out {client} client)");
        s.AppendLine("    {");
        s.AppendLine("        RootError e = Connections.Open(name, out Connection c);");
        s.AppendLine($"        client = new {client}(c);");
        s.AppendLine("        return e != RootError.Ok ? new OpenResult(e) : client.Hello();");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine($"    /// <summary>Opens the protocol's own name, trying again while it is not published yet (Connections.OpenWhenPublished), then the handshake.</summary>");
        s.AppendLine($"    public static OpenResult OpenWhenPublished(out {client} client) => OpenWhenPublished({name}, out client);");
        s.AppendLine();
        s.AppendLine("    /// <summary>Opens <paramref name=\"name\"/>, trying again while it is not published yet, then the handshake.</summary>");
        s.AppendLine($"    public static OpenResult OpenWhenPublished(ReadOnlySpan<byte> name, out {client} client, int attempts = 1000)");
        s.AppendLine("    {");
        s.AppendLine("        RootError e = Connections.OpenWhenPublished(name, out Connection c, attempts);");
        s.AppendLine($"        client = new {client}(c);");
        s.AppendLine("        return e != RootError.Ok ? new OpenResult(e) : client.Hello();");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    /// <summary>Closes the connection (Connections.Close).</summary>");
        s.AppendLine("    public RootError Close() => Connections.Close(Connection);");
        s.AppendLine();
        s.AppendLine("    // The handshake: method 0, no words; the server answers with its protocol id and version.");
        s.AppendLine("    private OpenResult Hello()");
        s.AppendLine("    {");
        s.AppendLine("        FastMessage message = default;");
        s.AppendLine($"        MessageInfo reply = Connection.Endpoint.Call(new MessageInfo({codec}.HelloLabel, 0, 0, 0), ref message);");
        s.AppendLine($"        ProtocolError e = {codec}.DecodeHelloReply(reply.Label, reply.Length, message.Mr0, out int version);");
        s.AppendLine("        if (e != ProtocolError.Ok)");
        s.AppendLine("        {");
        s.AppendLine("            Connections.Close(Connection);");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return new OpenResult(e, version);");
        s.AppendLine("    }");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine();
            s.AppendLine(m.OneWay
                ? $"    /// <summary>Sends {p.Interface}.{m.Name} (one-way): Ok once the server has taken it, TooLarge when it does not fit.</summary>"
                : $"    /// <summary>Calls {p.Interface}.{m.Name} on the server: the result, or why the call failed.</summary>");
            s.AppendLine($"    public {ClientResult(m)} {m.Name}({ParameterList(m)})");
            s.AppendLine("    {");
            string args = string.Join("", m.Parameters.Select(a => a.Name + ", "));
            if (m.OneWay)
            {
                // One-way: every word through the IPC buffer (seL4_Send loads MR0-3 from it), no reply to wait for.
                int sendSize = m.RequestFixedWords >= 0 ? System.Math.Max(4, m.RequestFixedWords) : 120;
                s.AppendLine($"        Span<ulong> _words = stackalloc ulong[{sendSize}];");
                s.AppendLine(m.OnRegisters
                    ? $"        int _length = {codec}.Encode{m.Name}({args}out _words[0], out _words[1], out _words[2], out _words[3]);"
                    : $"        int _length = {codec}.Encode{m.Name}({args}_words);");
                s.AppendLine("        if (_length < 0) { return new Result(ProtocolError.TooLarge); }");
                s.AppendLine("        if (_length > 0)");
                s.AppendLine("        {");
                s.AppendLine("            using IpcWriter w = Ipc.Write();");
                s.AppendLine("            w.MessageRegisters.Slice(0, _length).CopyFrom(_words.Slice(0, _length));");
                s.AppendLine("        }");
                s.AppendLine();
                s.AppendLine($"        Connection.Endpoint.Send(new MessageInfo({codec}.{m.Name}Label, 0, 0, _length));");
                s.AppendLine("        return Result.Ok;");
            }
            else if (m.OnRegisters)
            {
                s.AppendLine("        FastMessage _message = default;");
                s.AppendLine($"        int _length = {codec}.Encode{m.Name}({args}out _message.Mr0, out _message.Mr1, out _message.Mr2, out _message.Mr3);");
                s.AppendLine($"        MessageInfo _reply = Connection.Endpoint.Call(new MessageInfo({codec}.{m.Name}Label, 0, 0, _length), ref _message);");
                s.AppendLine($"        return {codec}.Decode{m.Name}Reply(_reply.Label, _reply.Length, _message.Mr0, _message.Mr1, _message.Mr2, _message.Mr3);");
            }
            else
            {
                // Room for the request, and for one word more than a fixed reply so that a longer one is seen as such.
                int size = m.RequestFixedWords >= 0 && m.ReplyFixedWords >= 0 ? System.Math.Max(4, System.Math.Max(m.RequestFixedWords, m.ReplyFixedWords + 1)) : 120;
                s.AppendLine($"        Span<ulong> _words = stackalloc ulong[{size}];");
                s.AppendLine($"        int _length = {codec}.Encode{m.Name}({args}_words);");
                s.AppendLine($"        if (_length < 0) {{ return new {ClientResult(m)}(ProtocolError.TooLarge); }}");
                s.AppendLine("        FastMessage _message = new FastMessage(_words[0], _words[1], _words[2], _words[3]);");
                s.AppendLine("        if (_length > 4)");
                s.AppendLine("        {");
                s.AppendLine("            using IpcWriter w = Ipc.Write();");
                s.AppendLine("            w.MessageRegisters.Slice(4, _length - 4).CopyFrom(_words.Slice(4, _length - 4));");
                s.AppendLine("        }");
                s.AppendLine();
                s.AppendLine($"        MessageInfo _reply = Connection.Endpoint.Call(new MessageInfo({codec}.{m.Name}Label, 0, 0, _length), ref _message);");
                s.AppendLine($"        int _n = _reply.Length < {size} ? _reply.Length : {size};");
                s.AppendLine("        _words[0] = _message.Mr0;");
                s.AppendLine("        _words[1] = _message.Mr1;");
                s.AppendLine("        _words[2] = _message.Mr2;");
                s.AppendLine("        _words[3] = _message.Mr3;");
                s.AppendLine("        if (_n > 4)");
                s.AppendLine("        {");
                s.AppendLine("            using IpcReader r = Ipc.Read();");
                s.AppendLine("            r.MessageRegisters.Slice(4, _n - 4).CopyTo(_words.Slice(4, _n - 4));");
                s.AppendLine("        }");
                s.AppendLine();
                s.AppendLine($"        return {codec}.Decode{m.Name}Reply(_reply.Label, _words.Slice(0, _n));");
            }

            s.AppendLine("    }");
        }

        s.AppendLine("}");
        s.AppendLine();
    }

    private static void EmitServer(StringBuilder s, ProtocolModel p, string codec)
    {
        string server = p.BaseName + "Server";
        bool words = p.Methods.Any(m => !m.OnRegisters);
        s.AppendLine($"/// <summary>");
        s.AppendLine($"/// A server of {p.Interface}: implement its methods and pass it to Server.Run. Each request is checked by");
        s.AppendLine($"/// {codec}.Dispatch (register path) or {codec}.DispatchWords before a method runs; a method never sees an invalid message.");
        s.AppendLine($"/// </summary>");
        s.AppendLine($"{p.Accessibility} abstract partial class {server} : FastRequestHandler, {p.Interface}");
        s.AppendLine("{");
        if (words)
        {
            s.AppendLine("    // A request's words and the reply's (MR4 and up copied out of and into the IPC buffer), and span arguments' bytes.");
            s.AppendLine("    private readonly ulong[] _words = new ulong[ProtocolWire.MaxWords];");
            s.AppendLine("    private readonly byte[] _bytes = new byte[ProtocolWire.MaxWords * 8];");
            s.AppendLine();
        }

        s.AppendLine("    /// <summary>A server without a client limit.</summary>");
        s.AppendLine($"    protected {server}()");
        s.AppendLine("    {");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    /// <summary>A server that returns from Server.Run after <paramref name=\"clients\"/> clients have closed (0: no limit).</summary>");
        s.AppendLine($"    protected {server}(long clients)");
        s.AppendLine("        : base(clients)");
        s.AppendLine("    {");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    // The process that opened each live connection, by badge (from the Opened and Closed events).");
        s.AppendLine("    private readonly System.Collections.Generic.Dictionary<ulong, ulong> _callers = new();");
        s.AppendLine();
        s.AppendLine("    /// <summary>The badge of the client whose request is being served: its connection.</summary>");
        s.AppendLine("    protected ulong Badge { get; private set; }");
        s.AppendLine();
        s.AppendLine("    /// <summary>The pid of the process that opened the connection of the request being served (0 if unknown).</summary>");
        s.AppendLine("    protected ulong CallerPid => _callers.TryGetValue(Badge, out ulong pid) ? pid : 0UL;");
        s.AppendLine();
        s.AppendLine("    /// <summary>Keeps <see cref=\"CallerPid\"/> current; an override must call base.OnEvent first.</summary>");
        s.AppendLine("    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)");
        s.AppendLine("    {");
        s.AppendLine("        if (kind == ConnectionEvent.Opened)");
        s.AppendLine("        {");
        s.AppendLine("            _callers[badge] = pid;");
        s.AppendLine("        }");
        s.AppendLine("        else if (kind == ConnectionEvent.Closed)");
        s.AppendLine("        {");
        s.AppendLine("            _callers.Remove(badge);");
        s.AppendLine("        }");
        s.AppendLine("    }");
        foreach (ProtocolMethod m in p.Methods)
        {
            s.AppendLine();
            s.AppendLine($"    /// <summary>{p.Interface}.{m.Name}: its arguments have been checked.</summary>");
            s.AppendLine($"    public abstract {m.DeclaredReturn} {m.Name}({ParameterList(m)});");
        }

        s.AppendLine();
        s.AppendLine("    /// <summary>Dispatches one request through the validating codec.</summary>");
        s.AppendLine("    public sealed override MessageInfo Handle(ulong badge, MessageInfo request, ref FastMessage message)");
        s.AppendLine("    {");
        s.AppendLine("        Badge = badge;");
        if (words)
        {
            s.AppendLine($"        if ({codec}.OnWords(request.Label))");
            s.AppendLine("        {");
            s.AppendLine("            return HandleWords(request, ref message);");
            s.AppendLine("        }");
            s.AppendLine();
        }

        s.AppendLine($"        ulong label = {codec}.Dispatch(this, request.Label, request.Length, request.ExtraCaps, ref message.Mr0, ref message.Mr1, ref message.Mr2, ref message.Mr3, out int length);");
        s.AppendLine("        return new MessageInfo(label, 0, 0, length);");
        s.AppendLine("    }");
        if (words)
        {
            s.AppendLine();
            s.AppendLine("    // The words path: MR0-3 from the registers, MR4 and up out of the IPC buffer (a read scope), the dispatch, then");
            s.AppendLine("    // the reply's MR4 and up into it (a write scope); both scopes end before the server loop's ReplyRecv.");
            s.AppendLine("    private MessageInfo HandleWords(MessageInfo request, ref FastMessage message)");
            s.AppendLine("    {");
            s.AppendLine("        Span<ulong> words = _words;");
            s.AppendLine("        int n = request.Length < ProtocolWire.MaxWords ? request.Length : ProtocolWire.MaxWords;");
            s.AppendLine("        words[0] = message.Mr0;");
            s.AppendLine("        words[1] = message.Mr1;");
            s.AppendLine("        words[2] = message.Mr2;");
            s.AppendLine("        words[3] = message.Mr3;");
            s.AppendLine("        if (n > 4)");
            s.AppendLine("        {");
            s.AppendLine("            using IpcReader r = Ipc.Read();");
            s.AppendLine("            r.MessageRegisters.Slice(4, n - 4).CopyTo(words.Slice(4, n - 4));");
            s.AppendLine("        }");
            s.AppendLine();
            s.AppendLine($"        ulong label = {codec}.DispatchWords(this, request.Label, request.ExtraCaps, words.Slice(0, n), words, _bytes, out int length);");
            s.AppendLine("        message = new FastMessage(words[0], words[1], words[2], words[3]);");
            s.AppendLine("        if (length > 4)");
            s.AppendLine("        {");
            s.AppendLine("            using IpcWriter w = Ipc.Write();");
            s.AppendLine("            w.MessageRegisters.Slice(4, length - 4).CopyFrom(words.Slice(4, length - 4));");
            s.AppendLine("        }");
            s.AppendLine();
            s.AppendLine("        return new MessageInfo(label, 0, 0, length);");
            s.AppendLine("    }");
        }

        s.AppendLine("}");
    }
}
