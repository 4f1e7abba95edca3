// Server-to-client events ([Event] methods): their codec, the client's TakeEvents, the server's Raise methods, a fuzzer.
using System.Linq;
using System.Text;

namespace Smos.Protocols.Generator;

internal static partial class Emitter
{
    private static string EventsInterface(ProtocolModel p) => "I" + p.BaseName + "Events";

    // In the codec class: the events request's label, each event's number and encoder, and DecodeEvents.
    private static void EmitEventsCodec(StringBuilder s, ProtocolModel p)
    {
        if (p.Events.Count == 0)
        {
            return;
        }

        s.AppendLine($"    /// <summary>The label of TakeEvents (method {ProtocolModel.EventsMethod}): a client takes the events queued for its connection.</summary>");
        s.AppendLine($"    public const ulong EventsLabel = {Hex(Label(p, ProtocolModel.EventsMethod))};");
        s.AppendLine();
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"    /// <summary>The number of event {e.Name} in a TakeEvents reply's event headers.</summary>");
            s.AppendLine($"    public const int {e.Name}Event = {e.Number};");
            s.AppendLine();
            s.AppendLine($"    /// <summary>The words of event {e.Name}: returns how many, or -1 when they do not fit in <paramref name=\"_words\"/>.</summary>");
            EmitEncoder(s, e, $"Encode{e.Name}Event");
        }

        string handler = EventsInterface(p);
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// A TakeEvents reply's words (how many events remain queued, then each event's header and words): checks each event as");
        s.AppendLine("    /// a request's arguments are checked and calls <paramref name=\"handler\"/>'s method for it, in order. Returns how many");
        s.AppendLine("    /// were delivered, or -1 at the first malformed one (those before it were delivered).");
        s.AppendLine("    /// </summary>");
        s.AppendLine($"    public static int DecodeEvents(ReadOnlySpan<ulong> words, {handler} handler, out ulong remaining)");
        s.AppendLine("    {");
        s.AppendLine("        remaining = 0;");
        s.AppendLine("        if (words.Length < 1) { return -1; }");
        s.AppendLine("        remaining = words[0];");
        s.AppendLine("        int count = 0;");
        s.AppendLine("        int next = 1;");
        if (p.Events.Any(e => FixedPrefix(e, out int fixedCount) >= 0 && fixedCount < e.Parameters.Count))
        {
            s.AppendLine("        int at;");
        }

        s.AppendLine("        while (next < words.Length)");
        s.AppendLine("        {");
        s.AppendLine("            ulong header = words[next++];");
        s.AppendLine("            if ((header & 0xFFFFFFFFUL) > (ulong)(words.Length - next)) { return -1; }");
        s.AppendLine("            ReadOnlySpan<ulong> ev = words.Slice(next, (int)(header & 0xFFFFFFFFUL));");
        s.AppendLine("            next += ev.Length;");
        s.AppendLine("            switch (header >> 32)");
        s.AppendLine("            {");
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"                case {e.Number}UL:");
            s.AppendLine("                {");
            EmitDecodeArgs(s, e, "ev", "                    ", "return -1;");
            s.AppendLine($"                    handler.{e.Name}({string.Join(", ", Enumerable.Range(0, e.Parameters.Count).Select(i => "arg" + i))});");
            s.AppendLine("                    count++;");
            s.AppendLine("                    break;");
            s.AppendLine("                }");
        }

        s.AppendLine("                default:");
        s.AppendLine("                    return -1;");
        s.AppendLine("            }");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return count;");
        s.AppendLine("    }");
        s.AppendLine();
        EmitFuzzEvents(s, p, handler);
    }

    // Lines that check span `words` as method m's arguments and declare arg0..; onBad for any failure (as DispatchWords).
    private static void EmitDecodeArgs(StringBuilder s, ProtocolMethod m, string words, string indent, string onBad)
    {
        string lengthTest = m.RequestFixedWords >= 0 ? $"{words}.Length != {m.RequestFixedWords}" : $"{words}.Length < {m.RequestMinWords}";
        s.AppendLine($"{indent}if ({lengthTest}) {{ {onBad} }}");
        int prefix = FixedPrefix(m, out int fixedCount);
        int word = 0;
        for (int i = 0; i < fixedCount; i++)
        {
            int first = word;
            DecodeFixed(s, indent, m.Parameters[i].Type, k => $"{words}[{first + k}]", $"arg{i}", onBad);
            word += m.Parameters[i].Type.FixedWords;
        }

        if (fixedCount < m.Parameters.Count)
        {
            s.AppendLine($"{indent}at = {prefix};");
            for (int i = fixedCount; i < m.Parameters.Count; i++)
            {
                Get(s, indent, m.Parameters[i].Type, words, "at", $"arg{i}", onBad);
            }

            s.AppendLine($"{indent}if (at != {words}.Length) {{ {onBad} }}");
        }
    }

    // The events' fuzzer: valid, mutated and random TakeEvents replies into DecodeEvents.
    private static void EmitFuzzEvents(StringBuilder s, ProtocolModel p, string handler)
    {
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// Sends <paramref name=\"iterations\"/> seeded TakeEvents replies into DecodeEvents: batches of valid events with random");
        s.AppendLine("    /// arguments (each must be delivered, all of them), some mutated (a flipped bit, a cut, another event number) or random");
        s.AppendLine("    /// words. A mutated or random batch may be refused (-1) or delivered; an exception, or a count the handler did not");
        s.AppendLine("    /// see, is a failure.");
        s.AppendLine("    /// </summary>");
        s.AppendLine("    public static ProtocolFuzzReport FuzzEvents(int seed, int iterations)");
        s.AppendLine("    {");
        s.AppendLine("        var random = new ProtocolFuzzRandom(seed);");
        s.AppendLine("        var report = new ProtocolFuzzReport();");
        s.AppendLine("        var sink = new EventSink();");
        s.AppendLine("        ulong[] words = new ulong[ProtocolWire.MaxWords];");
        s.AppendLine("        for (int i = 0; i < iterations; i++)");
        s.AppendLine("        {");
        s.AppendLine("            words[0] = (ulong)random.Below(3);");
        s.AppendLine("            int length = 1;");
        s.AppendLine("            int events = 0;");
        s.AppendLine("            for (int tries = random.Below(5); tries > 0; tries--)");
        s.AppendLine("            {");
        s.AppendLine($"                int number = 1 + random.Below({p.Events.Count});");
        s.AppendLine("                int n = FuzzEvent(random, number, new Span<ulong>(words, length + 1, words.Length - length - 1));");
        s.AppendLine("                if (n < 0) { continue; }");
        s.AppendLine("                words[length] = ProtocolWire.EventHeader(number, n);");
        s.AppendLine("                length += n + 1;");
        s.AppendLine("                events++;");
        s.AppendLine("            }");
        s.AppendLine();
        s.AppendLine("            bool mutated = true;");
        s.AppendLine("            switch (random.Below(6))");
        s.AppendLine("            {");
        s.AppendLine("                case 0:");
        s.AppendLine("                    words[random.Below(length)] ^= 1UL << random.Below(64);");
        s.AppendLine("                    break;");
        s.AppendLine("                case 1:");
        s.AppendLine("                    length = 1 + random.Below(length);");
        s.AppendLine("                    break;");
        s.AppendLine("                case 2:");
        s.AppendLine($"                    if (length > 1) {{ words[1] = ProtocolWire.EventHeader(random.Below({p.Events.Count + 2}), (int)(words[1] & 0xFFFFFFFFUL)); }}");
        s.AppendLine("                    break;");
        s.AppendLine("                case 3:");
        s.AppendLine("                    length = random.Below(ProtocolWire.MaxWords + 1);");
        s.AppendLine("                    for (int k = 0; k < length; k++) { words[k] = random.Word(); }");
        s.AppendLine("                    break;");
        s.AppendLine("                default:");
        s.AppendLine("                    mutated = false;");
        s.AppendLine("                    break;");
        s.AppendLine("            }");
        s.AppendLine();
        s.AppendLine("            sink.Count = 0;");
        s.AppendLine("            ReadOnlySpan<ulong> batch = new ReadOnlySpan<ulong>(words, 0, length);");
        s.AppendLine("            try");
        s.AppendLine("            {");
        s.AppendLine("                int delivered = DecodeEvents(batch, sink, out _);");
        s.AppendLine("                report.Count(delivered >= 0);");
        s.AppendLine("                if (!mutated && delivered != events) { report.Fail(\"a valid batch of \" + events + \" events gave \" + delivered, EventsLabel, batch); }");
        s.AppendLine("                else if (delivered >= 0 && delivered != sink.Count) { report.Fail(\"DecodeEvents delivered \" + delivered + \" events, the handler saw \" + sink.Count, EventsLabel, batch); }");
        s.AppendLine("            }");
        s.AppendLine("            catch (Exception e)");
        s.AppendLine("            {");
        s.AppendLine("                report.Fail(\"DecodeEvents threw: \" + e.Message, EventsLabel, batch);");
        s.AppendLine("            }");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return report;");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    // A valid event of number <number> with random arguments into <words>: its length, or -1 when it does not fit.");
        s.AppendLine("    private static int FuzzEvent(ProtocolFuzzRandom random, int number, Span<ulong> words)");
        s.AppendLine("    {");
        s.AppendLine("        switch (number)");
        s.AppendLine("        {");
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"            case {e.Number}:");
            s.AppendLine("            {");
            for (int i = 0; i < e.Parameters.Count; i++)
            {
                RandomValue(s, "                ", e.Parameters[i].Type, $"a{i}");
            }

            string args = string.Join("", Enumerable.Range(0, e.Parameters.Count).Select(i => $"a{i}, "));
            s.AppendLine($"                int n = Encode{e.Name}Event({args}words);");
            s.AppendLine($"                return n > ProtocolWire.MaxEventWords ? -1 : n;");
            s.AppendLine("            }");
        }

        s.AppendLine("            default:");
        s.AppendLine("                return -1;");
        s.AppendLine("        }");
        s.AppendLine("    }");
        s.AppendLine();
        s.AppendLine("    // Counts the events the fuzzer's batches deliver.");
        s.AppendLine($"    private sealed class EventSink : {handler}");
        s.AppendLine("    {");
        s.AppendLine("        public int Count;");
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"        public void {e.Name}({ParameterList(e)}) => Count++;");
        }

        s.AppendLine("    }");
        s.AppendLine();
    }

    // An event is part of the protocol's interface but not a request: an implementation of the interface (the server
    // base, the fuzzer's target) implements it explicitly, and nothing calls it (a server raises it with RaiseX).
    private static void EmitEventStubs(StringBuilder s, ProtocolModel p, string indent)
    {
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"{indent}// An event, not a request: raised with Raise{e.Name}, never dispatched to.");
            s.AppendLine($"{indent}void {p.Interface}.{e.Name}({ParameterList(e)}) {{ }}");
            s.AppendLine();
        }
    }

    // The interface a client implements to receive the events (outside the codec class).
    private static void EmitEventsInterface(StringBuilder s, ProtocolModel p)
    {
        if (p.Events.Count == 0)
        {
            return;
        }

        s.AppendLine($"/// <summary>The events of {p.Interface} a client receives through TakeEvents: implement it and pass it to TakeEvents.</summary>");
        s.AppendLine($"{p.Accessibility} interface {EventsInterface(p)}");
        s.AppendLine("{");
        foreach (ProtocolMethod e in p.Events)
        {
            s.AppendLine($"    /// <summary>{p.Interface}.{e.Name}, raised by the server; its arguments have been checked.</summary>");
            s.AppendLine($"    void {e.Name}({ParameterList(e)});");
        }

        s.AppendLine("}");
        s.AppendLine();
    }

    // The client's TakeEvents: asks the server for its queued events until none remain (or 64 replies), delivering each.
    private static void EmitClientEvents(StringBuilder s, ProtocolModel p, string codec)
    {
        if (p.Events.Count == 0)
        {
            return;
        }

        s.AppendLine();
        s.AppendLine("    /// <summary>");
        s.AppendLine($"    /// Takes the events the server has queued for this connection and calls <paramref name=\"handler\"/>'s method for each,");
        s.AppendLine("    /// oldest first: how many were delivered, or why it failed. Call it when Notifications.Wait returns with");
        s.AppendLine("    /// ConnectionAbi.DoorbellBadge set (the server rings the doorbell when it queues an event for an empty queue).");
        s.AppendLine("    /// </summary>");
        s.AppendLine($"    public Result<int> TakeEvents({EventsInterface(p)} handler)");
        s.AppendLine("    {");
        s.AppendLine("        Span<ulong> _words = stackalloc ulong[ProtocolWire.MaxWords];");
        s.AppendLine("        int _total = 0;");
        s.AppendLine("        for (int _batch = 0; _batch < 64; _batch++)");
        s.AppendLine("        {");
        s.AppendLine("            FastMessage _message = default;");
        s.AppendLine($"            MessageInfo _reply = Connection.Endpoint.Call(new MessageInfo({codec}.EventsLabel, 0, 0, 0), ref _message);");
        s.AppendLine("            ulong _label = ProtocolTransport.TakeReply(_reply, _message, default, _words, out ReadOnlySpan<ulong> _replyWords);");
        s.AppendLine("            if (_label != 0UL) { return new Result<int>((ProtocolError)_label); }");
        s.AppendLine($"            int _n = {codec}.DecodeEvents(_replyWords, handler, out ulong _remaining);");
        s.AppendLine("            if (_n < 0) { return new Result<int>(ProtocolError.BadReply); }");
        s.AppendLine("            _total += _n;");
        s.AppendLine("            if (_remaining == 0UL) { break; }");
        s.AppendLine("        }");
        s.AppendLine();
        s.AppendLine("        return new Result<int>(_total);");
        s.AppendLine("    }");
    }

    // The server's side: the queues, one Raise method per event, and the TakeEvents request's service.
    private static void EmitServerEvents(StringBuilder s, ProtocolModel p, string codec)
    {
        if (p.Events.Count == 0)
        {
            return;
        }

        s.AppendLine();
        EmitEventStubs(s, p, "    ");
        s.AppendLine("    // The events raised for each connection and not yet taken (with the doorbells that announce them).");
        s.AppendLine("    private readonly EventQueues _events = new();");
        s.AppendLine();
        s.AppendLine("    /// <summary>Events queued for the connection <paramref name=\"badge\"/> that its client has not taken yet.</summary>");
        s.AppendLine("    protected int QueuedEvents(ulong badge) => _events.Count(badge);");
        foreach (ProtocolMethod e in p.Events)
        {
            string args = string.Join("", e.Parameters.Select(a => a.Name + ", "));
            s.AppendLine();
            s.AppendLine("    /// <summary>");
            s.AppendLine($"    /// Raises {p.Interface}.{e.Name} for the client of connection <paramref name=\"badge\"/>: Ok (queued; its doorbell rung when");
            s.AppendLine($"    /// its queue was empty), NotConnected, TooLarge (more than ProtocolWire.MaxEventWords words) or QueueFull.");
            s.AppendLine("    /// </summary>");
            string parameters = ParameterList(e);
            s.AppendLine($"    protected ProtocolError Raise{e.Name}(ulong badge{(parameters.Length > 0 ? ", " : "")}{parameters})");
            s.AppendLine("    {");
            s.AppendLine("        Span<ulong> _words = stackalloc ulong[ProtocolWire.MaxEventWords];");
            s.AppendLine($"        int _n = {codec}.Encode{e.Name}Event({args}_words);");
            s.AppendLine("        return _n < 0 ? ProtocolError.TooLarge : _events.Raise(badge, _callers.ContainsKey(badge), " + $"{codec}.{e.Name}Event, _words.Slice(0, _n));");
            s.AppendLine("    }");
        }

        s.AppendLine();
        s.AppendLine("    // TakeEvents: as many queued events as fit one reply, through the IPC buffer.");
        s.AppendLine("    [MethodImpl(MethodImplOptions.NoInlining)]");
        s.AppendLine("    private MessageInfo ServeEvents(ref FastMessage message)");
        s.AppendLine("    {");
        s.AppendLine("        Span<ulong> words = stackalloc ulong[ProtocolWire.MaxWords];");
        s.AppendLine("        int n = _events.Take(Badge, words);");
        s.AppendLine("        return ProtocolTransport.Reply(0UL, words, n, default, 0UL, ref message);");
        s.AppendLine("    }");
    }
}
