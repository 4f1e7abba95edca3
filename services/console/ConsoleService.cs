// The console server's handler: the root task's output and the echo to the serial driver, typed lines and keys to readers.
using System;
using System.Collections.Generic;
using System.Threading;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;
using Smos.Services.Console;

namespace Smos.ConsoleServer;

/// <summary>
/// Owns the terminal. Everything it writes goes through one <see cref="ByteRing"/> to the serial driver: the system's
/// output, taken from the root task's ring (<see cref="ConsoleAbi"/>) only as fast as the driver takes bytes, so a full
/// terminal holds the root task back (its Print answers OutputBusy) instead of losing output; and the echo of typing,
/// merged by <see cref="TerminalMixer"/>. Typed bytes go through the <see cref="LineDiscipline"/>: a completed line
/// answers the waiting ReadLine (or waits, up to 16 lines, for the next one); Ctrl-C ends the foreground job when the
/// shell set one, else interrupts the reader; Ctrl-D on an empty line is the reader's end of input. A reader's reply
/// capability is kept (CNode_SaveCaller) until its answer is ready. Every doorbell (the root task's ring, the driver's
/// input) runs <see cref="Pump"/>.
/// </summary>
internal sealed unsafe class ConsoleService : RequestHandler
{
    private const int TerminalBytes = 16384;
    private const int MaxQueuedLines = 16;

    private readonly LineDiscipline _discipline = new(ConsoleAbi.MaxLineBytes);
    private ulong _seenHead; // the ring's head when TakeOutput last looked
    private readonly TerminalMixer _mixer = new(ConsoleAbi.MarkStart, ConsoleAbi.MarkEnd, ConsoleAbi.MaxMarkBytes);
    private readonly ByteRing _terminal = new(TerminalBytes);
    private readonly Queue<byte[]> _lines = new();
    private readonly Dictionary<ulong, ulong> _clients = new(); // connection badge -> pid
    private readonly byte[] _chunk = new byte[UartAbi.MaxBytes];
    private Endpoint _uart;
    private bool _uartGone;
    private ulong _readerSlot;
    private ulong _readerBadge;
    private bool _readerWantsKey;
    private bool _endOfInput;
    private ulong _foreground;

    public ConsoleService(Endpoint uart)
    {
        _uart = uart;
    }

    public override void OnStart() => Pump();

    public override void OnDoorbell(ulong bits) => Pump();

    public override MessageInfo Handle(ulong badge, MessageInfo request)
    {
        switch ((ConsoleRequest)request.Label)
        {
            case ConsoleRequest.ReadLine:
            case ConsoleRequest.ReadKey:
                return request.Length != 0 ? Reply(ConsoleError.BadLength, 0) : Read(badge, (ConsoleRequest)request.Label == ConsoleRequest.ReadKey);
            case ConsoleRequest.SetForeground:
                if (request.Length != 1)
                {
                    return Reply(ConsoleError.BadLength, 0);
                }

                ulong pid;
                using (var r = Ipc.Read())
                {
                    pid = r.GetMr(0);
                }

                return SetForeground(badge, pid);
            default:
                return Reply(ConsoleError.UnknownRequest, 0);
        }
    }

    public override void OnEvent(ConnectionEvent kind, ulong badge, ulong pid)
    {
        if (kind == ConnectionEvent.Opened)
        {
            _clients[badge] = pid;
            return;
        }

        if (kind != ConnectionEvent.Closed)
        {
            return;
        }

        _clients.Remove(badge);
        if (badge == _readerBadge && _readerSlot != 0)
        {
            CapSpace.Delete(_readerSlot); // the reader is gone; its reply capability went with its thread
            _readerSlot = 0;
            _readerBadge = 0;
            _discipline.Raw = false;
        }
    }

    // ReadLine answers at once from a queued line (or a pending end of input); otherwise the caller waits for typing.
    private MessageInfo Read(ulong badge, bool key)
    {
        if (_readerSlot != 0)
        {
            return Reply(ConsoleError.ReaderWaiting, 0);
        }

        if (!key && _lines.Count > 0)
        {
            return LineReply(_lines.Dequeue());
        }

        if (!key && _endOfInput)
        {
            _endOfInput = false;
            return Reply(ConsoleError.EndOfInput, 0);
        }

        if (!CapSpace.TryAlloc(out ulong slot))
        {
            return Reply(ConsoleError.NoSlot, 0);
        }

        if (!new CNode(CapSlots.SelfCNode, 64).SaveCaller(slot).IsOk)
        {
            CapSpace.Free(slot);
            return Reply(ConsoleError.NoSlot, 0);
        }

        _readerSlot = slot;
        _readerBadge = badge;
        _readerWantsKey = key;
        _discipline.Raw = key;
        return new MessageInfo(0, 0, 0, 0); // answers nobody: the caller's reply capability is kept in slot
    }

    // The shell names its foreground job: a live child of the caller, or 0.
    private MessageInfo SetForeground(ulong badge, ulong pid)
    {
        if (pid != 0)
        {
            if (!_clients.TryGetValue(badge, out ulong caller) ||
                Process.TryGetInfo(pid, out ProcessInfo? info) != RootError.Ok || info!.ParentPid != caller)
            {
                return Reply(ConsoleError.NotYourChild, 0);
            }
        }

        _foreground = pid;
        return Reply(ConsoleError.Ok, 0);
    }

    /// <summary>
    /// Typed bytes through the discipline, the root task's output into the terminal, the terminal to the driver, until
    /// nothing moves (then the root task signals the ring's next bytes and the driver its next key or free room), or for
    /// at most 64 rounds (60 KiB) while an app keeps printing, so that the server loop takes the requests waiting meanwhile
    /// (the shell's next ReadLine); that app's next Print signals again, as the ring's wake word is set here.
    /// </summary>
    public void Pump()
    {
        // Awake: no signal is needed until this ends (woken by the driver or a request, the word may still be 1, and a
        // signal raised while this runs would be waiting at the next Recv, ahead of the shell's call).
        Volatile.Write(ref RingWord(ConsoleAbi.RingWakeWord), 0);
        for (int round = 0; round < 64; round++)
        {
            bool typed = TakeInput();
            bool output = TakeOutput();
            bool sent = SendTerminal();
            if (!typed && !output && !sent)
            {
                // About to wait: ask the root task to signal its next bytes (ConsoleAbi.RingWakeWord), then look once
                // more, as they may have come before it could see the request. Only here, just before the server
                // loop's Recv: a signal asked for earlier would come while this loop runs and be waiting at that Recv,
                // ahead of the shell's call.
                Volatile.Write(ref RingWord(ConsoleAbi.RingWakeWord), 1);
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref RingWord(ConsoleAbi.RingHeadWord)) == _seenHead)
                {
                    return; // nothing came since TakeOutput looked (the ring is empty, or the driver is full)
                }

                Volatile.Write(ref RingWord(ConsoleAbi.RingWakeWord), 0);
            }
        }

        Volatile.Write(ref RingWord(ConsoleAbi.RingWakeWord), 1); // still printing: its next bytes wake us
    }

    private static ref ulong RingWord(int word) => ref ((ulong*)ConsoleAbi.RingVaddr)[word];

    // What the driver received, through the line discipline; true when anything came.
    private bool TakeInput()
    {
        int n = UartRead(_chunk);
        for (int i = 0; i < n; i++)
        {
            LineEvent e = _discipline.Feed(_chunk[i]);
            _mixer.AddEcho(_discipline.Echo, _terminal);
            Deliver(e);
        }

        return n > 0;
    }

    private void Deliver(LineEvent e)
    {
        switch (e)
        {
            case LineEvent.Line:
                var line = new byte[_discipline.Line.Length];
                _discipline.Line.CopyTo(line);
                if (_readerSlot != 0 && !_readerWantsKey)
                {
                    Answer(ConsoleError.Ok, line);
                }
                else if (_lines.Count < MaxQueuedLines)
                {
                    _lines.Enqueue(line);
                }

                break;
            case LineEvent.Key:
                if (_readerSlot != 0 && _readerWantsKey)
                {
                    Answer(ConsoleError.Ok, default, _discipline.Key);
                }

                break;
            case LineEvent.Interrupt:
                _lines.Clear();
                if (_foreground != 0)
                {
                    _ = Process.Kill(_foreground); // the root task lets the console end the shell's job
                    _foreground = 0;
                }
                else if (_readerSlot != 0)
                {
                    Answer(ConsoleError.Interrupted, default);
                }

                break;
            case LineEvent.EndOfInput:
                if (_readerSlot != 0 && !_readerWantsKey)
                {
                    Answer(ConsoleError.EndOfInput, default);
                }
                else
                {
                    _endOfInput = true;
                }

                break;
        }
    }

    // The root task's ring into the terminal, as much as fits; true when anything was taken.
    private bool TakeOutput()
    {
        ulong* header = (ulong*)ConsoleAbi.RingVaddr;
        byte* data = (byte*)(ConsoleAbi.RingVaddr + ((ulong)ConsoleAbi.RingHeaderPages * ProcessAbi.PageSize));
        ulong head = Volatile.Read(ref header[ConsoleAbi.RingHeadWord]);
        ulong tail = Volatile.Read(ref header[ConsoleAbi.RingTailWord]);
        _seenHead = head;
        ulong available = head - tail;
        if (available == 0 || available > ConsoleAbi.RingDataBytes)
        {
            return false;
        }

        int n = available < (ulong)_chunk.Length ? (int)available : _chunk.Length;
        for (int i = 0; i < n; i++)
        {
            _chunk[i] = Volatile.Read(ref data[(int)((tail + (ulong)i) & (ConsoleAbi.RingDataBytes - 1))]);
        }

        int taken = _mixer.AddOutput(new ReadOnlySpan<byte>(_chunk, 0, n), _terminal);
        Volatile.Write(ref header[ConsoleAbi.RingTailWord], tail + (ulong)taken); // after the bytes were read
        return taken > 0;
    }

    // The terminal's bytes to the driver while it takes them; true when any went.
    private bool SendTerminal()
    {
        bool any = false;
        while (!_terminal.IsEmpty)
        {
            int n = _terminal.Peek(_chunk);
            int taken = UartWrite(new ReadOnlySpan<byte>(_chunk, 0, n));
            _terminal.Skip(taken);
            any |= taken > 0;
            if (taken < n)
            {
                break; // the driver's queue is full: its doorbell rings when it has room
            }
        }

        return any;
    }

    private int UartWrite(ReadOnlySpan<byte> bytes)
    {
        if (!UartReady())
        {
            return 0;
        }

        using (var w = Ipc.Write())
        {
            w.SetMr(0, (ulong)bytes.Length);
            w.CopyIn(1, bytes);
        }

        MessageInfo reply = _uart.Call(new MessageInfo((ulong)UartRequest.Write, 0, 0, 1 + ((bytes.Length + 7) / 8)));
        if (reply.Label != 0)
        {
            _uartGone = true;
            return 0;
        }

        using var r = Ipc.Read();
        ulong taken = r.GetMr(0);
        return taken > (ulong)bytes.Length ? bytes.Length : (int)taken;
    }

    private int UartRead(Span<byte> bytes)
    {
        if (!UartReady())
        {
            return 0;
        }

        MessageInfo reply = _uart.Call(new MessageInfo((ulong)UartRequest.Read, 0, 0, 0));
        if (reply.Label != 0 || reply.Length < 1)
        {
            _uartGone = true;
            return 0;
        }

        using var r = Ipc.Read();
        ulong n = r.GetMr(0);
        int count = n > (ulong)bytes.Length || (int)n > (reply.Length - 1) * 8 ? 0 : (int)n;
        r.CopyOut(1, bytes.Slice(0, count));
        return count;
    }

    // A driver that went away (restarted by the supervisor) is opened again when it publishes "uart" again.
    private bool UartReady()
    {
        if (!_uartGone)
        {
            return true;
        }

        if (Connections.Open(UartAbi.Name, out Connection c) != RootError.Ok)
        {
            return false;
        }

        _uart = c.Endpoint;
        _uartGone = false;
        return true;
    }

    // Answers the waiting reader through its kept reply capability.
    private void Answer(ConsoleError e, byte[]? line, byte key = 0)
    {
        int words = 1;
        using (var w = Ipc.Write())
        {
            if (line is not null)
            {
                w.SetMr(0, (ulong)line.Length);
                words += w.CopyIn(1, line);
            }
            else
            {
                w.SetMr(0, key);
            }
        }

        new Endpoint(_readerSlot).Send(new MessageInfo((ulong)e, 0, 0, words)); // the reply capability is used up
        CapSpace.Delete(_readerSlot);
        _readerSlot = 0;
        _readerBadge = 0;
        _discipline.Raw = false;
    }

    private static MessageInfo LineReply(byte[] line)
    {
        int words = 1;
        using (var w = Ipc.Write())
        {
            w.SetMr(0, (ulong)line.Length);
            words += w.CopyIn(1, line);
        }

        return new MessageInfo(0, 0, 0, words);
    }

    private static MessageInfo Reply(ConsoleError e, ulong value)
    {
        using (var w = Ipc.Write())
        {
            w.SetMr(0, value);
        }

        return new MessageInfo((ulong)e, 0, 0, 1);
    }
}
