// The root task's server loop: requests from processes (decode, validate, invoke) and their faults.
using System;
using Internal.Runtime;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Requests;
using Smos.Sel4;

namespace Smos.RootTask.Processes;

/// <summary>Told when a process ends, so boot-time scripts can react (see <see cref="BootScript"/>).</summary>
internal abstract class ProcessObserver
{
    public abstract void Ended(Process p, EndReason reason, long code);

    /// <summary>Called after every message the server has handled.</summary>
    public abstract void Step();
}

internal sealed unsafe class RootServer
{
    private readonly ProcessTable _table;
    private readonly Spawner _spawner;
    private readonly Endpoint _endpoint;
    private readonly Resources.SlotAllocator _slots;
    private readonly byte[] _text = new byte[ProcessAbi.MaxPrintBytes];
    private readonly ulong[] _mrs = new ulong[IpcBufferLayout.MessageRegisters];
    private readonly byte[] _name = new byte[Process.MaxNameBytes];
    private readonly byte[] _args = new byte[ProcessAbi.MaxSpawnBytes];
    private ProcessObserver? _observer;
    private Connections.ConnectionServer? _connections;
    private Connections.Broker? _broker;

    public RootServer(ProcessTable table, Spawner spawner, Endpoint endpoint, Resources.SlotAllocator slots)
    {
        _table = table;
        _spawner = spawner;
        _endpoint = endpoint;
        _slots = slots;
    }

    public void Observe(ProcessObserver observer) => _observer = observer;

    public void Serve(Connections.ConnectionServer connections, Connections.Broker broker)
    {
        _connections = connections;
        _broker = broker;
    }

    /// <summary>Serves forever. Each message is answered (or not, for Exit and faults) before the next is taken.</summary>
    public void Run()
    {
        // No receive slot: capabilities attached to requests are never accepted (the kernel drops them).
        using (var w = Ipc.Write())
        {
            w.SetReceiveSlot(0, 0, 0);
        }

        MessageInfo info = _endpoint.Recv(out ulong badge);
        while (true)
        {
            bool reply = Handle(info, badge, out MessageInfo answer);
            _observer?.Step();
            info = reply ? _endpoint.ReplyRecv(answer, out badge) : _endpoint.Recv(out badge);
        }
    }

    private bool Handle(MessageInfo info, ulong badge, out MessageInfo answer)
    {
        answer = default;
        Process? caller = _table.Find(badge & Badges.PidMask);
        if (caller is null)
        {
            // A message from a process that has already been reclaimed (or a forged badge): drop it.
            return false;
        }

        if ((badge & Badges.FaultFlag) != 0)
        {
            ReportFault(caller, info);
            End(caller, EndReason.Faulted, -1);
            return false;
        }

        // Decode works on a copy of the message registers, taken in one read scope.
        int length = info.Length <= IpcBufferLayout.MessageRegisters ? info.Length : IpcBufferLayout.MessageRegisters;
        using (var r = Ipc.Read())
        {
            r.MessageRegisters.Slice(0, length).CopyTo(new Span<ulong>(_mrs, 0, length));
        }

        ulong value = 0;
        ulong capSlot = 0;
        RootError error = Dispatch(caller, info, ref value, ref capSlot, out bool replies);
        if (!replies)
        {
            return false;
        }

        bool withCap = error == RootError.Ok && capSlot != 0;
        using (var w = Ipc.Write())
        {
            w.SetMr(0, value);
            if (withCap)
            {
                w.SetCap(0, capSlot);
            }
        }

        answer = new MessageInfo((ulong)error, 0, withCap ? 1 : 0, 1);
        return true;
    }

    // Decode (RequestDecoder), validate, then invoke. The message registers were copied out once, in Handle.
    private RootError Dispatch(Process caller, MessageInfo info, ref ulong value, ref ulong capSlot, out bool replies)
    {
        replies = true;
        RootError e = RequestDecoder.Common(info);
        if (e != RootError.Ok)
        {
            return e;
        }

        ReadOnlySpan<ulong> mrs = new ReadOnlySpan<ulong>(_mrs, 0, info.Length);
        ulong arg;
        switch ((RootRequest)info.Label)
        {
            case RootRequest.Print:
                e = RequestDecoder.Print(info, mrs, _text, out int n);
                if (e == RootError.Ok)
                {
                    Print(caller, new ReadOnlySpan<byte>(_text, 0, n));
                }

                return e;
            case RootRequest.Exit:
                if ((e = RequestDecoder.OneWord(info, mrs, out arg)) == RootError.Ok)
                {
                    replies = false;
                    End(caller, EndReason.Exited, (long)arg);
                }

                return e;
            case RootRequest.Spawn:
                if ((e = RequestDecoder.Spawn(info, mrs, _name, _args, out int nameLength, out int argsLength)) != RootError.Ok)
                {
                    return e;
                }

                e = _spawner.Spawn(new ReadOnlySpan<byte>(_name, 0, nameLength), new ReadOnlySpan<byte>(_args, 0, argsLength), caller.Pid, out Process? child);
                value = child is null ? 0 : child.Pid;
                return e;
            case RootRequest.Wait:
                return (e = RequestDecoder.OneWord(info, mrs, out arg)) != RootError.Ok ? e : WaitFor(caller, arg, ref replies);
            case RootRequest.Kill:
                return (e = RequestDecoder.OneWord(info, mrs, out arg)) != RootError.Ok ? e : Kill(caller, arg);
            case RootRequest.Alloc:
                if ((e = RequestDecoder.OneWord(info, mrs, out arg)) != RootError.Ok)
                {
                    return e;
                }

                e = ProcessRules.CheckAlloc(arg, caller.HeapPages, caller.PageQuota);
                return e != RootError.Ok ? e : _spawner.GrowHeap(caller, (int)arg, out value);
            case RootRequest.GetPid:
                value = caller.Pid;
                return RootError.Ok;
            case RootRequest.ConnPublish:
                return _connections is null ? RootError.UnknownRequest : _connections.Publish(caller, info, mrs, ref value, ref capSlot);
            case RootRequest.ConnOpen:
                return _connections is null ? RootError.UnknownRequest : _connections.Open(caller, info, mrs, ref value, ref capSlot);
            case RootRequest.ConnClose:
                return _connections is null ? RootError.UnknownRequest : _connections.Close(caller, info, mrs);
            case RootRequest.ConnDestroy:
                return _connections is null ? RootError.UnknownRequest : _connections.Destroy(caller, info, mrs);
            case RootRequest.Subscribe:
                return _broker is null ? RootError.UnknownRequest : _broker.Subscribe(caller, info, mrs, ref value);
            case RootRequest.Unsubscribe:
                return _broker is null ? RootError.UnknownRequest : _broker.Unsubscribe(caller, info, mrs);
            case RootRequest.PublishTopic:
                return _broker is null ? RootError.UnknownRequest : _broker.Publish(info, mrs, ref value);
            case RootRequest.ReadTopic:
                return _broker is null ? RootError.UnknownRequest : _broker.Read(info, mrs, ref value);
            default:
                return RootError.UnknownRequest;
        }
    }

    // Each line is prefixed with the process's name and pid.
    private static void Print(Process caller, ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (caller.AtLineStart)
            {
                DebugConsole.Write(caller.NameBytes);
                DebugConsole.WriteChar('[');
                DebugConsole.WriteDecimal(caller.Pid);
                DebugConsole.Write("]: ");
                caller.AtLineStart = false;
            }

            byte c = text[i];
            Platform.PutChar(c == '\n' || (c >= 32 && c < 127) ? c : (byte)'?');
            if (c == '\n')
            {
                caller.AtLineStart = true;
            }
        }
    }

    private RootError WaitFor(Process caller, ulong pid, ref bool replies)
    {
        Process? target = _table.Find(pid);
        RootError e = ProcessRules.CheckWait(target is not null, target == caller, target is not null && target.WaiterReplySlot != 0);
        if (e != RootError.Ok)
        {
            return e;
        }

        if (!_slots.TryAlloc(out ulong slot))
        {
            return RootError.NoMemory;
        }

        // Keep the caller's reply capability; it is answered when the target ends.
        if (!CNode.InitThread.SaveCaller(slot).IsOk)
        {
            _slots.Free(slot);
            return RootError.NoMemory;
        }

        target!.WaiterReplySlot = slot;
        replies = false;
        return RootError.Ok;
    }

    private RootError Kill(Process caller, ulong pid)
    {
        // A process may end itself or the processes it started.
        Process? target = _table.Find(pid);
        RootError e = ProcessRules.CheckKill(target is not null, caller.Pid, pid, target is null ? 0 : target.ParentPid);
        if (e != RootError.Ok)
        {
            return e;
        }

        End(target!, EndReason.Killed, -9);
        return RootError.Ok;
    }

    /// <summary>Ends a process: answers a waiter, reclaims everything, tells the observer.</summary>
    public void End(Process p, EndReason reason, long code)
    {
        if (!p.AtLineStart)
        {
            // The process left a partial line: end it so the next output starts on its own line.
            Platform.PutChar((byte)'\n');
        }

        if (p.WaiterReplySlot != 0)
        {
            using (var w = Ipc.Write())
            {
                w.SetMr(0, (ulong)code);
            }

            new Endpoint(p.WaiterReplySlot).Send(new MessageInfo(0, 0, 0, 1));
            CNode.InitThread.Delete(p.WaiterReplySlot);
            _slots.Free(p.WaiterReplySlot);
        }

        _connections?.ProcessEnded(p);
        _broker?.ProcessEnded(p);
        _observer?.Ended(p, reason, code);
        _spawner.Destroy(p);
    }

    private void ReportFault(Process p, MessageInfo info)
    {
        ulong pc;
        ulong address = 0;
        string kind;
        using (var r = Ipc.Read())
        {
            switch (info.Label)
            {
                case 5:
                    kind = "VM fault";
                    pc = r.GetMr(0);
                    address = r.GetMr(1);
                    break;
                case 3:
                    kind = "user exception (undefined instruction)";
                    pc = r.GetMr(0);
                    break;
                case 2:
                    kind = "unknown system call";
                    pc = r.GetMr(8);
                    break;
                case 1:
                    kind = "capability fault";
                    pc = r.GetMr(0);
                    address = r.GetMr(1);
                    break;
                default:
                    kind = "fault";
                    pc = 0;
                    break;
            }
        }

        DebugConsole.Write("FAULT pid=");
        DebugConsole.WriteDecimal(p.Pid);
        DebugConsole.Write(" name=");
        DebugConsole.Write(p.NameBytes);
        DebugConsole.Write(" kind=");
        DebugConsole.Write(kind);
        DebugConsole.Write(" pc=");
        DebugConsole.WriteHex(pc);
        DebugConsole.Write(" addr=");
        DebugConsole.WriteHex(address);
        if (AppArchive.Find(p.NameBytes, out ReadOnlySpan<byte> elf) == CpioResult.Ok &&
            Elf.Parse(elf, out ElfHeader header) == ElfError.Ok &&
            Elf.FindSymbol(elf, header, pc, out ReadOnlySpan<byte> symbol, out ulong offset) == ElfError.Ok)
        {
            DebugConsole.Write(" at ");
            DebugConsole.Write(symbol);
            DebugConsole.Write("+");
            DebugConsole.WriteHex(offset);
        }

        DebugConsole.WriteChar('\n');
    }
}
