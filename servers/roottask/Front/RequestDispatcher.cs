// Every message to the root task: decode, validate, invoke, for requests from processes and for their faults.
using System;
using Smos.Formats;
using Smos.Protocol;
using Smos.RootTask.Connections;
using Smos.RootTask.Topics;
using Smos.RootTask.Processes;
using Smos.RootTask.Requests;
using Smos.RootTask.Resources;
using Smos.Sel4;

namespace Smos.RootTask.Front;

/// <summary>The answer to a request: reply label, MR0 and at most one capability (a root CNode slot, or None).</summary>
internal struct RootReply
{
    public RootError Error;
    public ulong Value;
    public RootSlot CapSlot;

    /// <summary>
    /// Words of the reply: 1 (MR0 = <see cref="Value"/>), or more for ListProcesses, ListApps, SystemStatus and ReadApp
    /// (<see cref="RequestDispatcher.ReplyWords"/>).
    /// </summary>
    public int Length;
}

/// <summary>
/// The root task's request handling without the IPC around it (ServerLoop does that): it sees the message info,
/// the sender's badge and a copy of the message registers, so host tests drive it with a simulated kernel.
/// </summary>
internal sealed partial class RequestDispatcher
{
    private readonly ServerKernel _kernel;
    private readonly RootResources _res;
    private readonly ProcessTable _table;
    private readonly Spawner _spawner;
    private readonly RootSlots _slots;
    private readonly ConnectionServer _connections;
    private readonly Broker _broker;
    private readonly byte[] _text = new byte[ProcessAbi.MaxPrintBytes];
    private readonly byte[] _name = new byte[Process.MaxNameBytes];
    private readonly byte[] _spawn = new byte[ProtocolWire.MaxWords * 8]; // a spawn's name and args, as its decoder leaves them
    private readonly byte[] _panic = new byte[ProcessAbi.MaxPanicBytes];
    private readonly ulong[] _replyWords = new ulong[ProcessAbi.MaxMessageRegisters]; // the longest: ReadApp's, a full message
    private readonly ulong[] _page = new ulong[ProcessAbi.MaxMessageRegisters]; // a reply's page before the codec counts it
    private int _replyLength;
    private ProcessObserver? _observer;

    /// <summary>The kernel adapter requests are served with (the server loop flushes its console output after each).</summary>
    public ServerKernel Kernel => _kernel;

    public RequestDispatcher(RootResources res, ProcessTable table, Spawner spawner)
    {
        _kernel = res.Kernel;
        _res = res;
        _table = table;
        _spawner = spawner;
        _slots = res.Slots;
        _connections = new ConnectionServer(res, table);
        _broker = new Broker(res);
        _connections.Topics = _broker.Registry;
        _broker.Names = _connections.Registry;
        _memory = new MemoryObjectServer(res, table, spawner.ServerEndpoint);
    }

    public ProcessTable Table => _table;

    /// <summary>The connection server (its tables' counts and peaks).</summary>
    public ConnectionServer Connections => _connections;

    /// <summary>The notification broker (its tables' counts and peaks).</summary>
    public Broker Broker => _broker;

    public void Observe(ProcessObserver observer) => _observer = observer;

    /// <summary>Deletes the spare copies of image frames that ended processes left (<see cref="Spawner.ReleaseSpareCopies"/>).</summary>
    public void ReleaseSpareCopies() => _spawner.ReleaseSpareCopies();

    /// <summary>The words of the last reply longer than one word (<see cref="RootReply.Length"/> of them; MR0 first).</summary>
    public ReadOnlySpan<ulong> ReplyWords => new ReadOnlySpan<ulong>(_replyWords, 0, _replyLength);

    /// <summary>
    /// Handles one message. Returns true when the sender gets <paramref name="reply"/>; false when it gets no reply
    /// (Exit, a fault, a Wait that is answered later, or a sender that no longer exists).
    /// </summary>
    public bool Handle(MessageInfo info, ulong badge, ReadOnlySpan<ulong> mrs, out RootReply reply)
    {
        reply = default;
        if (MemoryObjectAbi.IsHandle(badge))
        {
            // A memory-object handle called directly rather than attached to a request: it names no process.
            reply.Error = RootError.BadArgument;
            reply.Length = 1;
            return true;
        }

        Process? caller = _table.Find(badge & Badges.PidMask);
        if (caller is null)
        {
            // A message from a process that has already been reclaimed (or a forged badge): drop it.
            return false;
        }

        if ((badge & Badges.FaultFlag) != 0)
        {
            // A first touch of a stack page: map it and resume the thread (any reply restarts a VM-faulting thread).
            caller.Account.ClearRefusal();
            if (info.Label == FaultReport.VmFault && mrs.Length > 1 && _spawner.TryGrowStack(caller, mrs[1]))
            {
                return true;
            }

            if (caller.Account.HasRefusal)
            {
                _kernel.Write("stack page refused: the ");
                _kernel.Write(ProcessQuota.Name(caller.Account.Refused));
                _kernel.Write(" quota of ");
                _kernel.Write(caller.NameBytes);
                _kernel.Write(" is used up\n");
            }

            // A read or write near address 0: the thread goes on in its runtime, which throws a NullReferenceException.
            if (info.Label == FaultReport.VmFault && NullReferenceFaults.TryRedirect(_kernel, _spawner.Apps, caller, mrs))
            {
                return true;
            }

            FaultReport.Print(_kernel, _spawner.Apps, caller, info, mrs);
            End(caller, EndReason.Faulted, ExitCodes.Faulted);
            return false;
        }

        ulong value = 0;
        RootSlot capSlot = RootSlot.None;
        _replyLength = 0;
        caller.Account.ClearRefusal();
        RootError error = Dispatch(caller, info, mrs, ref value, ref capSlot, out bool replies);
        if (error == RootError.NoMemory && caller.Account.HasRefusal)
        {
            error = ProcessQuota.Error(caller.Account.Refused); // the caller's own quota refused an object
        }

        reply.Error = error;
        reply.Value = error == RootError.Ok && _replyLength > 0 ? _replyWords[0] : value;
        reply.Length = error == RootError.Ok && _replyLength > 0 ? _replyLength : 1;
        reply.CapSlot = error == RootError.Ok ? capSlot : RootSlot.None;
        return replies;
    }

    // Decode (the protocol's request types), validate (ProcessRules and the registries), then invoke.
    private RootError Dispatch(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value, ref RootSlot capSlot, out bool replies)
    {
        replies = true;
        // No request takes capabilities, except a memory-object handle (unwrapped into its badge) on a memory-object request.
        bool memory = MemoryObjectServer.IsRequest(info.Label);
        RootError e = info.ExtraCaps != 0 && !(memory && MemoryObjectServer.CarriesHandle(info, _unwrapped)) ? RootError.BadArgument : RootError.Ok;
        if (e != RootError.Ok)
        {
            return e;
        }

        if (mrs.Length < info.Length)
        {
            return RootError.BadLength;
        }

        mrs = mrs.Slice(0, info.Length);
        if (memory)
        {
            return _memory.Handle(caller, info, _unwrapped, mrs, ref value, ref capSlot);
        }

        // The connection server's and the broker's requests go straight to them: this method keeps a small frame, and
        // the other requests' decoded arguments (structs the JIT zeroes on every entry) live in DispatchProcessRequest's.
        switch ((RootRequest)info.Label)
        {
            case RootRequest.PublishHandle:
                return _broker.PublishHandle(caller, mrs, ref value);
            case RootRequest.PublishTopic:
                return _broker.Publish(caller, info, mrs, ref value);
            case RootRequest.ConnOpen:
                return _connections.Open(caller, info, mrs, ref value, ref capSlot);
            case RootRequest.ConnPublish:
                return _connections.Publish(caller, info, mrs, ref value, ref capSlot);
            case RootRequest.ConnClose:
                return _connections.Close(caller, info, mrs);
            case RootRequest.ConnDestroy:
                return _connections.Destroy(caller, info, mrs);
            case RootRequest.ConnShare:
                return _connections.Share(caller, info, mrs, ref value);
            case RootRequest.ConnNotify:
                return _connections.Notify(caller, info, mrs, ref capSlot);
            case RootRequest.Subscribe:
                return _broker.Subscribe(caller, info, mrs, ref value);
            case RootRequest.Unsubscribe:
                return _broker.Unsubscribe(caller, info, mrs);
            case RootRequest.ReadTopic:
                return _broker.Read(info, mrs, ref value);
            case RootRequest.OpenTopic:
                return _broker.Open(caller, info, mrs, ref value);
            default:
                return DispatchProcessRequest(caller, info, mrs, ref value, out replies);
        }
    }

    // The process server's own requests (and unknown labels), decoded here.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private RootError DispatchProcessRequest(Process caller, MessageInfo info, ReadOnlySpan<ulong> mrs, ref ulong value, out bool replies)
    {
        replies = true;
        RootError e;
        switch ((RootRequest)info.Label)
        {
            case RootRequest.Print:
                e = RootReplies.ErrorOf(RootTaskProtocol.DecodePrint(mrs, _text, out PrintArgs print));
                return e != RootError.Ok ? e : Print(caller, print.Text);
            case RootRequest.ConsoleAttach:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeConsoleAttach(mrs))) != RootError.Ok ? e : AttachConsole(caller);
            case RootRequest.PowerOff:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodePowerOff(mrs))) != RootError.Ok ? e : PowerOff(caller, ref replies);
            case RootRequest.Exit:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeExit(mrs, out ExitArgs exit))) == RootError.Ok)
                {
                    replies = false;
                    End(caller, EndReason.Exited, exit.Code);
                }

                return e;
            case RootRequest.Spawn:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeSpawn(mrs, _spawn, out SpawnArgs spawn))) != RootError.Ok ||
                    (e = SpawnRequest.Check(spawn.Name, spawn.Args)) != RootError.Ok ||
                    (e = SpawnRequest.DecodeQuota(spawn.Quota, out ProcessQuota quota, out bool hasQuota)) != RootError.Ok)
                {
                    return e;
                }

                CountUsage(caller); // its connections, publications and subscriptions, before it gives part of its quota
                e = _spawner.Spawn(spawn.Name, spawn.Args, caller.Pid, hasQuota ? quota : null, out Process? child);
                value = child is null ? 0 : child.Pid;
                return e;
            case RootRequest.SpawnGranted:
                return SpawnGranted(caller, mrs, ref value);
            case RootRequest.Wait:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeWait(mrs, out WaitArgs wait))) != RootError.Ok ? e : WaitFor(caller, wait.Pid, ref value, ref replies);
            case RootRequest.Kill:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeKill(mrs, out KillArgs kill))) != RootError.Ok ? e : Kill(caller, kill.Pid, ref replies);
            case RootRequest.Alloc:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeAlloc(mrs, out AllocArgs alloc))) != RootError.Ok)
                {
                    return e;
                }

                e = ProcessRules.CheckAlloc(alloc.Pages);
                return e != RootError.Ok ? e : _spawner.GrowHeap(caller, (int)alloc.Pages, out value);
            case RootRequest.Free:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeFree(mrs, out FreeArgs free))) != RootError.Ok)
                {
                    return e;
                }

                e = ProcessRules.CheckFree(free, caller.Grants, out int grant);
                return e != RootError.Ok ? e : _spawner.FreeHeap(caller, grant);
            case RootRequest.GetPid:
                value = caller.Pid;
                return RootReplies.ErrorOf(RootTaskProtocol.DecodeGetPid(mrs));
            case RootRequest.Panic:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodePanic(mrs, _panic, out PanicArgs panic))) == RootError.Ok &&
                    (e = ProcessRules.CheckPanic(panic.Callers.Length)) == RootError.Ok)
                {
                    replies = false;
                    PanicReport.Print(_kernel, _spawner.Apps, caller, panic);
                    End(caller, EndReason.Panicked, panic.ExceptionType != 0 ? ExitCodes.UncaughtException : ExitCodes.Panicked);
                }

                return e;
            case RootRequest.ListApps:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeListApps(mrs, out ListAppsArgs apps))) != RootError.Ok ? e : ListApps(apps.First);
            case RootRequest.ReadApp:
                if ((e = RootReplies.ErrorOf(RootTaskProtocol.DecodeReadApp(mrs, _name, out ReadAppArgs read))) != RootError.Ok)
                {
                    return e;
                }

                return read.Name.Length == 0 || read.Name.Length > ProcessAbi.MaxAppNameBytes ? RootError.BadArgument : ReadApp(read.Name, read.Offset);
            case RootRequest.ListProcesses:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeListProcesses(mrs, out ListProcessesArgs list))) != RootError.Ok ? e : List(list.First);
            case RootRequest.SystemStatus:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeSystemStatus(mrs, out SystemStatusArgs status))) != RootError.Ok ? e : Status(status.Flags);
            case RootRequest.CSpaceGrow:
                return (e = RootReplies.ErrorOf(RootTaskProtocol.DecodeCSpaceGrow(mrs))) != RootError.Ok ? e : _spawner.GrowCSpace(caller, out value);
            default:
                return RootError.UnknownRequest;
        }
    }

    // Only a parent waits, and a child that has already ended (a zombie) is answered at once and reaped.
    private RootError WaitFor(Process caller, ulong pid, ref ulong value, ref bool replies)
    {
        Process? target = _table.FindWithZombies(pid);
        RootError e = ProcessRules.CheckWait(target is not null, target == caller, target is not null && target.ParentPid == caller.Pid,
            target is not null && target.WaiterReplySlot.IsSome);
        if (e != RootError.Ok)
        {
            return e;
        }

        if (target!.State == ProcessState.Zombie)
        {
            value = (ulong)target.ExitCode;
            target.Reset();
            return RootError.Ok;
        }

        // Keep the caller's reply capability; it is answered when the target ends.
        if (_slots.SaveCallerNew(out RootSlot slot) != Sel4Error.NoError)
        {
            return RootError.NoMemory;
        }

        target.WaiterReplySlot = slot;
        replies = false;
        return RootError.Ok;
    }

    private RootError Kill(Process caller, ulong pid, ref bool replies)
    {
        // A process may end itself or any of its descendants; the target's whole subtree ends with it.
        Process? target = _table.FindWithZombies(pid);
        bool shellStopsService = target is not null && ShellMayStop(caller, target);
        RootError e = ProcessRules.CheckKill(target is not null, target is not null && (_table.IsInSubtree(target, caller.Pid) || ConsoleMayEnd(caller, target) || shellStopsService));
        if (e != RootError.Ok || target!.State == ProcessState.Zombie)
        {
            return e; // a zombie descendant has ended already: nothing to do
        }

        if (target == caller)
        {
            replies = false; // the caller has ended: nobody is left to answer
        }

        EndTree(target, shellStopsService ? EndReason.KilledByShell : EndReason.Killed, ExitCodes.Killed);
        return RootError.Ok;
    }

    /// <summary>Ends <paramref name="top"/> and every live process below it, the deepest first.</summary>
    public void EndTree(Process top, EndReason reason, long code)
    {
        // Each pass ends one live descendant that has no live children of its own (a tree holds at most its top's
        // child-process quota).
        for (int guard = 0; guard < _table.Capacity; guard++)
        {
            Process? leaf = null;
            for (int i = 0; i < _table.Capacity && leaf is null; i++)
            {
                Process q = _table.At(i);
                if (q.State == ProcessState.Running && q != top && _table.IsInSubtree(q, top.Pid) && !HasLiveChild(q))
                {
                    leaf = q;
                }
            }

            if (leaf is null)
            {
                break;
            }

            End(leaf, reason, code);
        }

        End(top, reason, code);
    }

    /// <summary>Ends every live process of <paramref name="group"/> (started on behalf of the same root-task-started process), orphans included.</summary>
    public void EndGroup(ulong group, EndReason reason, long code)
    {
        for (int i = 0; i < _table.Capacity; i++)
        {
            Process q = _table.At(i);
            if (q.State == ProcessState.Running && q.Group == group)
            {
                EndTree(q, reason, code);
            }
        }
    }

    // A server's last act, so that no client waits for it forever: for each of its publications, its thread runs the
    // farewell code of the start-code page with that endpoint (copied into its CSpace's top level): it answers the
    // caller it was serving, then every caller queued on the endpoint, with ServerGone, and faults. The root task
    // raises it to its own priority and yields, so each farewell has run when the yield returns. seL4 would leave a
    // caller blocked on a destroyed thread's reply forever; queued callers would be restarted on a capability that no
    // longer exists. Clients that call later get the kernel's InvalidCapability error at once.
    private void Farewell(Process p)
    {
        ReadOnlySpan<RootSlot> endpoints = _connections.PublicationEndpoints(p);
        int count = endpoints.Length;
        if (count == 0 || _kernel.Suspend(p.TcbSlot) != Sel4Error.NoError ||
            _kernel.SetPriority(p.TcbSlot, Sel4Config.NumPriorities - 1) != Sel4Error.NoError)
        {
            return;
        }

        // One top-level slot serves every publication in turn: each farewell has run (and faulted) when the yield
        // returns, so its endpoint's copy is deleted before the next one goes there.
        ProcessSlot top = WellKnownSlots.TopFarewell(0);
        for (int i = 0; i < count; i++)
        {
            if (i > 0 && _kernel.DeleteIn(p.CSpaceSlot, WellKnownSlots.TopBits, top) != Sel4Error.NoError)
            {
                return;
            }

            UserContext regs = default;
            regs.Pc = ProcessAbi.StartCodeVaddr + StartCode.FarewellOffset;
            regs.Sp = ProcessAbi.StackTop;
            regs.X0 = _kernel.CopyInto(p.CSpaceSlot, WellKnownSlots.TopBits, top, endpoints[i], CapRights.All, false, 0) == Sel4Error.NoError
                ? WellKnownSlots.TopCptr(top)
                : 0; // without the copy it still answers the caller it was serving
            regs.X1 = new MessageInfo(ConnectionAbi.ServerGone, 0, 0, 0).Word;
            if (_kernel.WriteRegisters(p.TcbSlot, resume: true, regs) != Sel4Error.NoError)
            {
                return;
            }

            _kernel.Yield();
        }
    }

    /// <summary>
    /// Ends a process: answers a parent waiting for it, closes its connections, releases its subscriptions, tells the
    /// observer, hands its children to the root task, returns every object it owns, and keeps its exit status as a
    /// zombie while a live parent may still wait for it.
    /// </summary>
    public void End(Process p, EndReason reason, long code)
    {
        if (p.State != ProcessState.Running)
        {
            return;
        }

        SpawnProfile.EndStarts(p.Pid);
        EndProcess(p, reason, code);
        SpawnProfile.EndEnds();
    }

    private void EndProcess(Process p, EndReason reason, long code)
    {
        if (!p.AtLineStart && _kernel.OutputLineOwner == p.Pid && !_kernel.OutputAtLineStart)
        {
            // The process left a partial line: end it so the next output starts on its own line.
            _kernel.OutputWriter = p.Pid;
            _kernel.WriteByte((byte)'\n');
            _kernel.OutputWriter = 0;
        }

        ConsoleEnded(p);

        bool reaped = p.WaiterReplySlot.IsSome;
        if (reaped)
        {
            _kernel.SendReply(p.WaiterReplySlot, (ulong)code);
            _slots.Release(ref p.WaiterReplySlot);
        }

        Farewell(p);

        _connections.ProcessEnded(p);
        _broker.ProcessEnded(p);
        _memory.ProcessEnded(p);
        CountUsage(p); // none left
        _observer?.Ended(p, reason, code);
        Orphan(p);
        _spawner.Reclaim(p);
        if (reaped || _table.Find(p.ParentPid) is null)
        {
            p.Reset(); // nobody can wait for it any more
        }
        else
        {
            p.BecomeZombie(reason, code);
        }
    }

    // The children of an ending process: zombies are reaped, live ones adopted by the root task, and the ending
    // process's claim on one it was waiting for is released (its saved reply capability deleted).
    private void Orphan(Process parent)
    {
        for (int i = 0; i < _table.Capacity; i++)
        {
            Process q = _table.At(i);
            if (q == parent || q.ParentPid != parent.Pid)
            {
                continue;
            }

            if (q.State == ProcessState.Zombie)
            {
                q.Reset();
            }
            else if (q.State == ProcessState.Running)
            {
                _slots.Release(ref q.WaiterReplySlot);
                q.ParentPid = 0;
            }
        }
    }

    /// <summary>Sets the counts the registries keep (connections, publications, subscriptions) in <paramref name="p"/>'s account.</summary>
    public void CountUsage(Process p)
    {
        _connections.CountUsage(p);
        _broker.CountUsage(p);
    }

    private bool HasLiveChild(Process p)
    {
        for (int i = 0; i < _table.Capacity; i++)
        {
            Process q = _table.At(i);
            if (q.State == ProcessState.Running && q.ParentPid == p.Pid)
            {
                return true;
            }
        }

        return false;
    }
}
