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
/// memory (event rings, shared pages) is the simulated kernel's frame memory. What it does not model: IPC between
/// processes (Call/Recv on connection endpoints, so <c>Server.Run</c> runs only on seL4), and blocking: a request the
/// root task does not answer ends the call with <see cref="NoReplyException"/>.
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
                HostProcess.Attach(p.Pid, ArgsBlob(Encoding.ASCII.GetString(p.NameBytes), args), vaddr => Translate(p, vaddr));
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
            case HostSyscall.Yield:
                return 0;
            default:
                throw new NotSupportedException($"{call} on cptr {cptr}: the host world models calls to the root task only");
        }
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
            Outcome o = World.Send(Badges.Request(p.Pid), info.Label, info.ExtraCaps, info.Length, mrs);
            if (!o.Replied)
            {
                throw new NoReplyException(info.Label);
            }

            buffer->Msg[0] = o.Value;
            int caps = 0;
            if (o.CapSlot != 0 && buffer->ReceiveIndex != 0 && buffer->ReceiveCNode == CapSlots.SelfCNode &&
                World.Kernel.CopyInto(p.CNodeSlot, CapSlots.CNodeSizeBits, new ProcessSlot(buffer->ReceiveIndex), new RootSlot(o.CapSlot), CapRights.All, false, 0) == Sel4Error.NoError)
            {
                caps = 1;
            }

            return new MessageInfo((ulong)o.Error, 0, caps, 1).Word;
        }
    }
}
