// The whole system on the host: libsmos's system calls go to the real root task (dispatcher, codec, servers) over the simulated kernel.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Smos.Protocol;
using Smos.RootTask.Processes;
using ProcessRecord = Smos.RootTask.Processes.Process;
using Smos.RootTask.Resources;
using Smos.RootTask.Tests;
using Smos.Sel4;

namespace Smos.Lib.Tests;

/// <summary>The root task sent no reply (Exit, Panic, Kill of the caller, a Wait that would block): the process's call does not return.</summary>
public sealed class NoReplyException : Exception
{
    public NoReplyException(ulong label)
        : base($"the root task did not answer request {label} (the caller would block or has ended)")
    {
        Label = label;
    }

    public ulong Label { get; }
}

/// <summary>
/// Plays seL4 for libsmos's host build: each simulated process runs its code on a thread of its own (its libsmos state
/// and IPC buffer are per thread), a <c>seL4_Call</c> on the root endpoint becomes the root task's own
/// <see cref="RootTask.Front.RequestDispatcher"/> handling the message with the process's badge, and the reply (label,
/// MR0, a capability moved into the receive slot the process named) comes back as the kernel would deliver it. Process
/// memory (event rings, shared pages) is the simulated kernel's frame memory; notifications (Signal, Poll, Wait) are the
/// simulated notification objects' words; a client's Call on a connection's endpoint is queued for the server's Recv
/// (which also takes its bound notification's word) and returns with the server's reply, so <c>Server.Run</c> serves
/// real clients. Blocking is bounded: a request the root task does not answer, a Wait with nothing signalled, or a
/// Call or Recv nobody completes within 10 s ends the call with <see cref="NoReplyException"/>.
/// </summary>
internal sealed unsafe class HostWorld : IHostKernel
{
    [ThreadStatic]
    private static ProcessRecord? t_process;

    public ServerWorld World { get; } = new();

    public string Console => World.Kernel.Console.ToString();

    /// <summary>Starts an app as the boot script does (parent: the root task).</summary>
    public ProcessRecord Start(string name) => World.Start(name);

    /// <summary>
    /// Runs <paramref name="body"/> as process <paramref name="p"/> (arg 0 its name, then <paramref name="args"/>) on a
    /// thread of its own, and returns what it returned; an exception in it is rethrown here.
    /// </summary>
    public T As<T>(ProcessRecord p, Func<T> body, params string[] args)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                HostKernel.Current = this;
                t_process = p;
                ProcessFor(p, args).Attach();
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"process {p.Pid} did not finish within 30 s");
        }

        return failure is null ? result : throw new InvalidOperationException($"process {p.Pid} failed: {failure.Message}", failure);
    }

    public void As(ProcessRecord p, Action body, params string[] args) => As(p, () => { body(); return 0; }, args);

    private readonly Dictionary<ulong, HostProcess> _processes = new();

    // A process's libsmos state lives from its first run to the end of the world (pids are never reused), so its
    // console line, capability slots and mapping addresses carry over from one As to the next, as in one program; the
    // args are the ones this run gives.
    private HostProcess ProcessFor(ProcessRecord p, string[] args)
    {
        byte[] blob = ArgsBlob(Encoding.ASCII.GetString(p.NameBytes), args);
        lock (_processes)
        {
            if (_processes.TryGetValue(p.Pid, out HostProcess? hp))
            {
                hp.SetArgs(blob);
            }
            else
            {
                hp = new HostProcess(p.Pid, blob, vaddr => Translate(p, vaddr));
                _processes[p.Pid] = hp;
            }

            return hp;
        }
    }

    /// <summary>Ends <paramref name="p"/> as the root task does on an exit (under the kernel's lock, waking whoever waits).</summary>
    public void End(ProcessRecord p, EndReason reason = EndReason.Exited, long code = 0)
    {
        lock (World)
        {
            World.Dispatcher.End(p, reason, code);
            Monitor.PulseAll(World);
        }
    }

    /// <summary>Starts <paramref name="body"/> as process <paramref name="p"/> on a thread of its own; <c>Join</c> the result.</summary>
    public System.Threading.Tasks.Task<int> Begin(ProcessRecord p, Func<int> body, params string[] args) =>
        System.Threading.Tasks.Task.Factory.StartNew(() => As(p, body, args), System.Threading.Tasks.TaskCreationOptions.LongRunning);

    private static byte[] ArgsBlob(string name, string[] args)
    {
        var blob = new List<byte>(Encoding.ASCII.GetBytes(name)) { 0 };
        foreach (string a in args)
        {
            blob.AddRange(Encoding.ASCII.GetBytes(a));
            blob.Add(0);
        }

        return blob.ToArray();
    }

    private nint Translate(ProcessRecord p, ulong vaddr)
    {
        SimCap? page = World.PageOf(p, vaddr & ~0xFFFUL);
        return page is null ? 0 : Marshal.UnsafeAddrOfPinnedArrayElement(page.Object.Memory, (int)(vaddr & 0xFFF));
    }

    public ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge)
    {
        ProcessRecord p = t_process ?? throw new InvalidOperationException("a system call from a thread that is not a simulated process");
        switch (call)
        {
            case HostSyscall.Call when cptr == CapSlots.RootEndpoint:
                return CallRoot(p, new MessageInfo(info), buffer);
            case HostSyscall.CallFast when cptr == CapSlots.RootEndpoint:
                return CallRootFast(p, new MessageInfo(info), buffer);
            case HostSyscall.Call:
            case HostSyscall.CallFast:
                return CallServer(p, cptr, new MessageInfo(info), buffer);
            case HostSyscall.Recv:
            case HostSyscall.RecvFast:
                return Receive(p, cptr, buffer, badge);
            case HostSyscall.ReplyRecv:
            case HostSyscall.ReplyRecvFast:
                Answer(new MessageInfo(info), buffer);
                return Receive(p, cptr, buffer, badge);
            case HostSyscall.Reply:
                Answer(new MessageInfo(info), buffer);
                return 0;
            case HostSyscall.Yield:
                // A yield gives the other simulated processes a turn (briefly, on the host's scheduler).
                lock (World)
                {
                    Monitor.Wait(World, TimeSpan.FromMilliseconds(1));
                }

                return 0;
            case HostSyscall.Signal:
            case HostSyscall.Wait:
            case HostSyscall.Poll:
                return Notify(p, call, cptr);
            default:
                throw new NotSupportedException($"{call} on cptr {cptr}: the host world models calls to the root task only");
        }
    }

    /// <summary>A call between processes, from the client's Call until the server's reply.</summary>
    private sealed class PendingCall
    {
        public required MessageInfo Info;
        public required ulong[] Mrs;
        public required ulong Badge;
        public bool Answered;
        public MessageInfo Reply;
        public ulong[] ReplyMrs = [];
    }

    private static readonly TimeSpan BlockLimit = TimeSpan.FromSeconds(10);
    private readonly Dictionary<SimObject, Queue<PendingCall>> _queues = new();

    [ThreadStatic]
    private static PendingCall? t_serving;

    private static ulong[] Copy(IpcBufferLayout* buffer, int length)
    {
        var words = new ulong[length];
        for (int i = 0; i < length; i++)
        {
            words[i] = buffer->Msg[i];
        }

        return words;
    }

    // A client's seL4_Call on a connection's endpoint: queued for the server's Recv, answered by its reply. A null
    // capability is the kernel's InvalidCapability error at once, as on seL4.
    private ulong CallServer(ProcessRecord p, ulong cptr, MessageInfo info, IpcBufferLayout* buffer)
    {
        lock (World)
        {
            if (World.CapOf(p, cptr) is not { Type: ObjectType.Endpoint } cap)
            {
                return new MessageInfo((ulong)Sel4Error.InvalidCapability, 0, 0, 1).Word;
            }

            var call = new PendingCall { Info = info, Mrs = Copy(buffer, info.Length), Badge = cap.Badge };
            if (!_queues.TryGetValue(cap.Object, out Queue<PendingCall>? queue))
            {
                _queues[cap.Object] = queue = new Queue<PendingCall>();
            }

            queue.Enqueue(call);
            Monitor.PulseAll(World);
            while (!call.Answered)
            {
                if (!Monitor.Wait(World, BlockLimit))
                {
                    throw new NoReplyException(info.Label);
                }
            }

            for (int i = 0; i < call.ReplyMrs.Length; i++)
            {
                buffer->Msg[i] = call.ReplyMrs[i];
            }

            return call.Reply.Word;
        }
    }

    // A server's Recv: a queued call (its badge, message and the duty to answer it), or its bound notification's word
    // when that is set (seL4 delivers a bound notification to a thread waiting on an endpoint).
    private ulong Receive(ProcessRecord p, ulong cptr, IpcBufferLayout* buffer, ulong* badge)
    {
        lock (World)
        {
            SimObject endpoint = World.CapOf(p, cptr) is { Type: ObjectType.Endpoint } cap ? cap.Object
                : throw new InvalidOperationException($"process {p.Pid}: Recv on cptr {cptr}, which holds no endpoint");
            SimObject notification = World.Kernel.CapAt(p.NotificationSlot)!.Object;
            while (true)
            {
                if (notification.Word != 0)
                {
                    *badge = notification.Word;
                    notification.Word = 0;
                    return new MessageInfo(0, 0, 0, 0).Word;
                }

                if (_queues.TryGetValue(endpoint, out Queue<PendingCall>? queue) && queue.Count > 0)
                {
                    PendingCall call = queue.Dequeue();
                    for (int i = 0; i < call.Mrs.Length; i++)
                    {
                        buffer->Msg[i] = call.Mrs[i];
                    }

                    *badge = call.Badge;
                    t_serving = call;
                    return call.Info.Word;
                }

                if (!Monitor.Wait(World, BlockLimit))
                {
                    throw new NoReplyException(0);
                }
            }
        }
    }

    private void Answer(MessageInfo reply, IpcBufferLayout* buffer)
    {
        lock (World)
        {
            PendingCall? call = t_serving;
            t_serving = null;
            if (call is null)
            {
                return; // nobody to answer: seL4's Reply does nothing either
            }

            call.Reply = reply;
            call.ReplyMrs = Copy(buffer, reply.Length);
            call.Answered = true;
            Monitor.PulseAll(World);
        }
    }

    // Signal ORs the capability's badge into its notification's word; Poll and Wait take the word (a Wait with nothing
    // to take would block: it ends the call instead).
    private ulong Notify(ProcessRecord p, HostSyscall call, ulong cptr)
    {
        lock (World)
        {
            SimCap cap = World.CapOf(p, cptr) is { Type: ObjectType.Notification } c ? c
                : throw new InvalidOperationException($"process {p.Pid}: {call} on cptr {cptr}, which holds no notification");
            if (call == HostSyscall.Signal)
            {
                cap.Object.Word |= cap.Badge;
                cap.Object.Signals++;
                Monitor.PulseAll(World);
                return 0;
            }

            ulong word = cap.Object.Word;
            cap.Object.Word = 0;
            return call == HostSyscall.Wait && word == 0 ? throw new NoReplyException(0) : word;
        }
    }

    // A call on the register path, as seL4 carries it: MR0-3 in the registers (the scratch buffer), and words 4 and up,
    // the capability sent and the receive slot in the process's IPC buffer; the reply's words 4 and up land there too.
    private ulong CallRootFast(ProcessRecord p, MessageInfo info, IpcBufferLayout* registers)
    {
        IpcBufferLayout* ipcBuffer;
        lock (_processes)
        {
            ipcBuffer = _processes[p.Pid].IpcBuffer;
        }

        IpcBufferLayout message = *ipcBuffer;
        for (int i = 0; i < 4; i++)
        {
            message.Msg[i] = registers->Msg[i];
        }

        var reply = new MessageInfo(CallRoot(p, info, &message));
        for (int i = 0; i < reply.Length; i++)
        {
            if (i < 4)
            {
                registers->Msg[i] = message.Msg[i];
            }
            else
            {
                ipcBuffer->Msg[i] = message.Msg[i];
            }
        }

        return reply.Word;
    }

    private ulong CallRoot(ProcessRecord p, MessageInfo info, IpcBufferLayout* buffer)
    {
        var mrs = new ulong[info.Length];
        for (int i = 0; i < mrs.Length; i++)
        {
            mrs[i] = buffer->Msg[i];
        }

        lock (World)
        {
            int repliesBefore = World.Kernel.Replies.Count;
            // A capability to the root task's own endpoint (a memory-object handle, or the process's root endpoint) is
            // unwrapped into its badge, as seL4 does for a capability to the endpoint the message goes to.
            SimCap? attached = info.ExtraCaps >= 1 ? World.CapOf(p, buffer->CapsOrBadges[0]) : null;
            Outcome o = attached is { Type: ObjectType.Endpoint } && attached.Object == World.Kernel.CapAt(World.Server.EndpointSlot)!.Object
                ? World.Send(Badges.Request(p.Pid), info.Label, 1, info.Length, mrs, unwrapped: attached.Badge)
                : World.Send(Badges.Request(p.Pid), info.Label, info.ExtraCaps, info.Length, mrs);
            Monitor.PulseAll(World); // the root task may have signalled a process waiting in Recv, or answered a Wait
            if (!o.Replied)
            {
                // Exit, Panic, a Kill of itself: the caller is gone. A Wait for a live child: the root task kept the
                // caller's reply capability (SaveCaller) and answers it when the child ends (SendReply).
                return AwaitSavedReply(p, info.Label, buffer, repliesBefore);
            }

            ulong[] words = o.ReplyWords;
            for (int i = 0; i < words.Length; i++)
            {
                buffer->Msg[i] = words[i];
            }

            int caps = 0;
            RootSlot into = buffer->ReceiveCNode == CapSlots.SelfCNode && buffer->ReceiveDepth == 64 ? World.CNodeOf(p, buffer->ReceiveIndex) : RootSlot.None;
            if (o.CapSlot != 0 && buffer->ReceiveIndex != 0 && into.IsSome &&
                World.Kernel.CopyInto(into, CapSlots.SizeBitsOf(CapSlots.CNodeOf(buffer->ReceiveIndex)), new ProcessSlot((ulong)CapSlots.SlotOf(buffer->ReceiveIndex)), new RootSlot(o.CapSlot), CapRights.All, false, 0) == Sel4Error.NoError)
            {
                caps = 1;
            }

            return new MessageInfo((ulong)o.Error, 0, caps, words.Length).Word;
        }
    }

    // Blocks the caller (holding the world's lock while it checks) until the root task sends the reply it saved for it:
    // label Ok, MR0 the value, as Sel4Kernel.SendReply. The caller ending meanwhile (killed, or its parent gone and the
    // claim released) ends the call; so does the block limit. Polls in short steps, so a change made without a pulse
    // (a test ending a process directly) is seen too.
    private ulong AwaitSavedReply(ProcessRecord p, ulong label, IpcBufferLayout* buffer, int from)
    {
        DateTime deadline = DateTime.UtcNow + BlockLimit;
        while (true)
        {
            List<SentReply> replies = World.Kernel.Replies;
            for (int i = from; i < replies.Count; i++)
            {
                if (replies[i].To == p.Pid)
                {
                    buffer->Msg[0] = replies[i].Mr0;
                    return new MessageInfo((ulong)RootError.Ok, 0, 0, 1).Word;
                }
            }

            if (World.Find(p.Pid) != p || p.State != ProcessState.Running || DateTime.UtcNow > deadline)
            {
                throw new NoReplyException(label);
            }

            Monitor.Wait(World, TimeSpan.FromMilliseconds(20));
        }
    }
}
