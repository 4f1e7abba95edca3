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
        bool shared = p.Methods.Any(m => m.UsesShared);
        s.AppendLine($"/// <summary>A client of {p.Interface}: a connection and one method per call (MR0-3 in registers; MR4 and up through IPC-buffer scopes that end before the call{(shared ? "; beyond 120 words through the connection's shared page" : "")}).</summary>");
        s.AppendLine($"{p.Accessibility} sealed partial class {client}");
        s.AppendLine("{");
        s.AppendLine("    /// <summary>The connection the calls go through.</summary>");
        s.AppendLine("    public readonly Connection Connection;");
        s.AppendLine();
        if (shared)
        {
            s.AppendLine("    // The connection's shared page, shared on the first call that may need it (a variable-size argument or result).");
            s.AppendLine("    private SharedBuffer _shared;");
            s.AppendLine();
        }

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
            if (m.OnRegisters && !m.OneWay)
            {
                // A few instructions around the system call: inlined, as a hand-written call would be.
                s.AppendLine("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
            }

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
                if (m.CapParameter < 0)
                {
                    s.AppendLine("        if (_length > 0)"); // with a capability the scope is always needed
                }

                s.AppendLine("        {");
                s.AppendLine("            using IpcWriter w = Ipc.Write();");
                s.AppendLine("            w.MessageRegisters.Slice(0, _length).CopyFrom(_words.Slice(0, _length));");
                EmitCapWrites(s, m, "            ");
                s.AppendLine("        }");
                s.AppendLine();
                s.AppendLine($"        Connection.Endpoint.Send(new MessageInfo({codec}.{m.Name}Label, 0, {(m.CapParameter >= 0 ? 1 : 0)}, _length));");
                s.AppendLine("        return Result.Ok;");
            }
            else if (m.OnRegisters || m.OnDirectWords)
            {
                EmitDirectCall(s, m, codec);
            }
            else if (m.UsesShared || m.HasCaps)
            {
                EmitGeneralCall(s, m, codec, args);
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

        EmitClientEvents(s, p, codec);
        s.AppendLine("}");
        s.AppendLine();
    }

    // A method whose message may exceed the IPC buffer or that carries a capability: up to 120 words as a words-path
    // call (the scope also sets the capability or the receive slot), beyond that through the connection's shared page.
    private static void EmitGeneralCall(StringBuilder s, ProtocolMethod m, string codec, string args)
    {
        string result = ClientResult(m);
        int caps = m.CapParameter >= 0 ? 1 : 0;
        string page = m.UsesShared ? "_shared" : "default";
        if (m.ReplyFixedWords < 0)
        {
            // The server may answer through the page: it must exist before the call.
            s.AppendLine("        if (!_shared.IsMapped)");
            s.AppendLine("        {");
            s.AppendLine("            ProtocolError _pe = ProtocolTransport.Share(Connection, ref _shared);");
            s.AppendLine($"            if (_pe != ProtocolError.Ok) {{ return new {result}(_pe); }}");
            s.AppendLine("        }");
            s.AppendLine();
        }

        if (m.CapResult)
        {
            s.AppendLine($"        if (!CapSpace.TryAlloc(out ulong _slot)) {{ return new {result}(ProtocolError.BadCapability); }}");
        }

        int size = m.RequestFixedWords >= 0 && m.ReplyFixedWords >= 0 ? System.Math.Max(4, System.Math.Max(m.RequestFixedWords, m.ReplyFixedWords + 1)) : 120;
        s.AppendLine($"        Span<ulong> _words = stackalloc ulong[{size}];");
        s.AppendLine($"        int _length = {codec}.Encode{m.Name}({args}_words);");
        s.AppendLine("        scoped ReadOnlySpan<ulong> _replyWords;");
        s.AppendLine("        MessageInfo _reply;");
        s.AppendLine("        ulong _label;");
        s.AppendLine("        if (_length >= 0)");
        s.AppendLine("        {");
        s.AppendLine("            FastMessage _message = new FastMessage(_words[0], _words[1], _words[2], _words[3]);");
        if (!m.HasCaps)
        {
            s.AppendLine("            if (_length > 4)"); // with a capability or a receive slot the scope is always needed
        }

        s.AppendLine("            {");
        s.AppendLine("                using IpcWriter w = Ipc.Write();");
        s.AppendLine("                if (_length > 4) { w.MessageRegisters.Slice(4, _length - 4).CopyFrom(_words.Slice(4, _length - 4)); }");
        EmitCapWrites(s, m, "                ");
        s.AppendLine("            }");
        s.AppendLine();
        s.AppendLine($"            _reply = Connection.Endpoint.Call(new MessageInfo({codec}.{m.Name}Label, 0, {caps}, _length), ref _message);");
        s.AppendLine($"            _label = ProtocolTransport.TakeReply(_reply, _message, {page}, _words, out _replyWords);");
        s.AppendLine("        }");
        s.AppendLine("        else");
        s.AppendLine("        {");
        if (m.SharedRequest)
        {
            s.AppendLine("            // More than the IPC buffer holds: through the connection's shared page.");
            s.AppendLine("            Span<ulong> _big = ProtocolTransport.ClientWords;");
            s.AppendLine($"            _length = {codec}.Encode{m.Name}({args}_big);");
            s.AppendLine("            ProtocolError _pe = _length < 0 ? ProtocolError.TooLarge : ProtocolTransport.Share(Connection, ref _shared);");
            s.AppendLine("            if (_pe != ProtocolError.Ok)");
            s.AppendLine("            {");
            if (m.CapResult)
            {
                s.AppendLine("                CapSpace.Free(_slot);");
            }

            s.AppendLine($"                return new {result}(_pe);");
            s.AppendLine("            }");
            s.AppendLine();
            if (m.HasCaps)
            {
                s.AppendLine("            using (IpcWriter w = Ipc.Write())");
                s.AppendLine("            {");
                EmitCapWrites(s, m, "                ");
                s.AppendLine("            }");
                s.AppendLine();
            }

            s.AppendLine($"            _label = ProtocolTransport.CallShared(Connection, _shared, {codec}.{m.Name}Label, {caps}, _big, _length, _words, out _replyWords, out _reply);");
        }
        else
        {
            if (m.CapResult)
            {
                s.AppendLine("            CapSpace.Free(_slot);");
            }

            s.AppendLine($"            return new {result}(ProtocolError.TooLarge);");
        }

        s.AppendLine("        }");
        s.AppendLine();
        if (m.CapResult)
        {
            s.AppendLine("        ulong _cap = ProtocolTransport.TakeReplyCap(_reply, _label, _slot);");
            s.AppendLine($"        {result} _result = {codec}.Decode{m.Name}Reply(_label, _replyWords, _cap);");
            s.AppendLine("        if (!_result.IsOk && _cap != 0UL) { CapSpace.Delete(_cap); }");
            s.AppendLine("        return _result;");
        }
        else
        {
            s.AppendLine($"        return {codec}.Decode{m.Name}Reply(_label, _replyWords);");
        }
    }

    // The capability parameter, or the receive slot for a capability result, written in an open write scope w.
    private static void EmitCapWrites(StringBuilder s, ProtocolMethod m, string indent)
    {
        if (m.CapParameter >= 0)
        {
            s.AppendLine($"{indent}w.SetCap(0, {m.Parameters[m.CapParameter].Name}.Cptr);");
        }

        if (m.CapResult)
        {
            s.AppendLine($"{indent}w.SetReceiveSlot(CapSlots.SelfCNode, _slot, 64);");
        }
    }

    private static void EmitServer(StringBuilder s, ProtocolModel p, string codec)
    {
        string server = p.BaseName + "Server";
        bool words = p.Methods.Any(m => !m.OnRegisters);
        bool shared = p.Methods.Any(m => m.UsesShared);
        bool caps = p.Methods.Any(m => m.HasCaps);
        s.AppendLine($"/// <summary>");
        s.AppendLine($"/// A server of {p.Interface}: implement its methods and pass it to Server.Run. Each request is checked by");
        s.AppendLine($"/// {codec}.Dispatch (register path) or {codec}.DispatchWords before a method runs; a method never sees an invalid message.");
        if (caps)
        {
            s.AppendLine("/// A capability argument is the implementation's own from then on (delete it with CapSpace.Delete when done); a");
            s.AppendLine("/// capability result is copied to the client (the implementation keeps its own).");
        }

        s.AppendLine($"/// </summary>");
        s.AppendLine($"{p.Accessibility} abstract partial class {server} : FastRequestHandler, {p.Interface}");
        s.AppendLine("{");
        if (words)
        {
            string size = shared ? "ProtocolWire.MaxSharedWords" : "ProtocolWire.MaxWords";
            s.AppendLine("    // A request's words and the reply's (MR4 and up copied out of and into the IPC buffer, or the shared page), and span arguments' bytes.");
            s.AppendLine($"    private readonly ulong[] _words = new ulong[{size}];");
            s.AppendLine($"    private readonly byte[] _bytes = new byte[{size} * 8];");
            s.AppendLine();
        }

        if (shared)
        {
            s.AppendLine("    // Each client's shared page, by badge (from the Shared events; gone with the Closed event).");
            s.AppendLine("    private readonly System.Collections.Generic.Dictionary<ulong, SharedBuffer> _pages = new();");
            s.AppendLine();
        }

        if (caps)
        {
            s.AppendLine("    // The slot the next capability a client sends lands in (the IPC buffer's receive path), 0 while none is free.");
            s.AppendLine("    private ulong _receiveSlot;");
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
        if (shared)
        {
            s.AppendLine("            _pages.Remove(badge);");
        }

        if (p.Events.Count > 0)
        {
            s.AppendLine("            _events.Closed(badge);");
        }

        s.AppendLine("        }");
        s.AppendLine("    }");
        if (shared)
        {
            s.AppendLine();
            s.AppendLine("    /// <summary>Keeps each client's shared page for messages beyond 120 words; an override must call base.OnShared first.</summary>");
            s.AppendLine("    public override void OnShared(ulong badge, ulong pid, SharedBuffer buffer)");
            s.AppendLine("    {");
            s.AppendLine("        _pages[badge] = buffer;");
            s.AppendLine("    }");
        }

        if (caps)
        {
            s.AppendLine();
            s.AppendLine("    /// <summary>Sets the receive slot for the first capability; an override must call base.OnStart first.</summary>");
            s.AppendLine("    public override void OnStart()");
            s.AppendLine("    {");
            s.AppendLine("        ProtocolTransport.ArmReceive(ref _receiveSlot);");
            s.AppendLine("    }");
        }

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
        EmitDirectHandle(s, p, codec);
        if (caps)
        {
            s.AppendLine("        if (request.ExtraCaps != 0)");
            s.AppendLine("        {");
            s.AppendLine("            return HandleWords(request, ref message); // whatever the method: the capability must be taken or deleted");
            s.AppendLine("        }");
            s.AppendLine();
        }

        if (words)
        {
            s.AppendLine($"        if ({codec}.OnWords(request.Label))");
            s.AppendLine("        {");
            s.AppendLine("            return HandleWords(request, ref message);");
            s.AppendLine("        }");
            s.AppendLine();
        }

        s.AppendLine($"        ulong label = {codec}.Dispatch(this, request.Label, request.Length, request.ExtraCaps, ref message.Mr0, ref message.Mr1, ref message.Mr2, ref message.Mr3, out int length);");
        // A shared-page request of a words-path method went to HandleWords above (OnWords reads the method number
        // only); on the register path Dispatch refuses its label as WrongProtocol: such a method never needs the page.
        s.AppendLine("        return new MessageInfo(label, 0, 0, length);");
        s.AppendLine("    }");
        if (words)
        {
            EmitDirectServeMethods(s, p, codec);
            EmitHandleWords(s, codec, shared, caps);
        }

        EmitServerEvents(s, p, codec);

        s.AppendLine("}");
    }

    // The words path: the request's words (MR0-3 from the registers, MR4 and up out of the IPC buffer in a read scope, or
    // the shared page) into the server's own buffer, the dispatch, then the reply (ProtocolTransport.Reply); every scope
    // ends before the server loop's ReplyRecv.
    private static void EmitHandleWords(StringBuilder s, string codec, bool shared, bool caps)
    {
        s.AppendLine();
        s.AppendLine("    // The words path: the request's words into this server's own buffer (MR0-3 from the registers, MR4 and up out of");
        s.AppendLine("    // the IPC buffer in a read scope, or the shared page), the dispatch, then the reply; every scope ends here.");
        s.AppendLine("    private MessageInfo HandleWords(MessageInfo request, ref FastMessage message)");
        s.AppendLine("    {");
        s.AppendLine("        Span<ulong> words = _words;");
        s.AppendLine("        ulong label = request.Label;");
        s.AppendLine("        int n;");
        if (shared)
        {
            s.AppendLine("        SharedBuffer page = default;");
            s.AppendLine("        if (ProtocolWire.IsShared(label))");
            s.AppendLine("        {");
            s.AppendLine("            _pages.TryGetValue(Badge, out page);");
            s.AppendLine("            ulong taken = ProtocolTransport.TakeSharedRequest(request, message, page, words, out n);");
            s.AppendLine("            if (taken != 0UL)");
            s.AppendLine("            {");
            if (caps)
            {
                s.AppendLine("                ProtocolTransport.AfterCapabilities(request, false, ref _receiveSlot);");
            }

            s.AppendLine("                return new MessageInfo(taken, 0, 0, 0);");
            s.AppendLine("            }");
            s.AppendLine();
            s.AppendLine("            label &= ~ProtocolWire.SharedFlag;");
            s.AppendLine("        }");
            s.AppendLine("        else");
        }

        string i = shared ? "    " : "";
        if (shared)
        {
            s.AppendLine("        {");
        }

        s.AppendLine($"{i}        n = request.Length < ProtocolWire.MaxWords ? request.Length : ProtocolWire.MaxWords;");
        s.AppendLine($"{i}        words[0] = message.Mr0;");
        s.AppendLine($"{i}        words[1] = message.Mr1;");
        s.AppendLine($"{i}        words[2] = message.Mr2;");
        s.AppendLine($"{i}        words[3] = message.Mr3;");
        s.AppendLine($"{i}        if (n > 4)");
        s.AppendLine($"{i}        {{");
        s.AppendLine($"{i}            using IpcReader r = Ipc.Read();");
        s.AppendLine($"{i}            r.MessageRegisters.Slice(4, n - 4).CopyTo(words.Slice(4, n - 4));");
        s.AppendLine($"{i}        }}");
        if (shared)
        {
            s.AppendLine("        }");
        }

        s.AppendLine();
        if (caps)
        {
            s.AppendLine("        int caps = ProtocolTransport.ReceivedCaps(request);");
            s.AppendLine("        ulong received = caps == 1 ? _receiveSlot : 0UL;");
            s.AppendLine($"        ulong reply = {codec}.DispatchWords(this, label, caps, received, words.Slice(0, n), words, _bytes, out int length, out ulong replyCap);");
            s.AppendLine("        ProtocolTransport.AfterCapabilities(request, received != 0UL && ProtocolWire.ReachedImplementation(reply), ref _receiveSlot);");
        }
        else
        {
            s.AppendLine($"        ulong reply = {codec}.DispatchWords(this, label, request.ExtraCaps, words.Slice(0, n), words, _bytes, out int length);");
        }

        if (shared)
        {
            s.AppendLine("        if (length > ProtocolWire.MaxWords && !page.IsMapped)");
            s.AppendLine("        {");
            s.AppendLine("            _pages.TryGetValue(Badge, out page);");
            s.AppendLine("        }");
            s.AppendLine();
        }

        s.AppendLine($"        return ProtocolTransport.Reply(reply, words, length, {(shared ? "page" : "default")}, {(caps ? "replyCap" : "0UL")}, ref message);");
        s.AppendLine("    }");
    }
}
