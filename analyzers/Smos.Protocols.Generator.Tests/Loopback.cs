// A host "kernel" for generated clients: a Call on the register path runs a server's Handle on the calling thread, sharing its IPC buffer.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Protocols.Generator.Tests;

/// <summary>
/// Makes the test thread a simulated process (libsmos's <see cref="HostProcess"/>, whose IPC buffer client and server
/// share) and its CallFast system calls reach <paramref name="server"/>: MR0-3 travel in the scratch registers, MR4 and
/// up stay in the one IPC buffer, which the client writes before the call and the server reads (as the kernel's copy
/// between two buffers would leave them). It also plays the parts of the root task and the kernel a typed call needs:
/// ConnShare maps one page at the address asked for (the server hears of it through OnShared, as from its event ring),
/// a capability sent either way is recorded and delivered as one extra capability, and CNode_Delete is counted.
/// </summary>
internal sealed unsafe class Loopback : IHostKernel, IDisposable
{
    private const ulong ServerPid = 9;
    private readonly FastRequestHandler _server;
    private readonly HostProcess _process;
    private readonly Dictionary<ulong, nint> _pages = new();

    public Loopback(FastRequestHandler server)
    {
        _server = server;
        _process = new HostProcess(ServerPid, "loopback\0"u8, Translate);
        _process.Attach();
        HostKernel.Current = this;
        server.OnStart(); // as Server.Run does before its first receive
    }

    public int Calls { get; private set; }

    public int Sends { get; private set; }

    /// <summary>Pages shared with ConnShare.</summary>
    public int SharedPages => _pages.Count;

    /// <summary>Capabilities the client sent (the cptr in its IPC buffer's first extra-capability word), in order.</summary>
    public List<ulong> SentCaps { get; } = new();

    /// <summary>Capabilities the server's replies carried, in order.</summary>
    public List<ulong> ReplyCaps { get; } = new();

    /// <summary>Slots deleted with CNode_Delete, in order.</summary>
    public List<ulong> Deleted { get; } = new();

    /// <summary>When set, a reply's capability is not delivered (as when the client's receive slot is full).</summary>
    public bool DropReplyCaps { get; set; }

    /// <summary>Doorbells given out by ConnNotify (their slots), and how often one was rung.</summary>
    public List<ulong> Doorbells { get; } = new();

    public int Rings { get; private set; }

    /// <summary>The receive slot the IPC buffer names now (what the last ArmReceive or SetReceiveSlot left).</summary>
    public ulong ReceiveSlot => _process.IpcBuffer->ReceiveIndex;

    public ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge)
    {
        var tag = new MessageInfo(info);
        if (call == HostSyscall.Send)
        {
            // One-way: MR0-3 come from the IPC buffer itself (the stub loads them); the server's reply goes nowhere.
            Sends++;
            RecordCaps(tag);
            var sent = new FastMessage(buffer->Msg[0], buffer->Msg[1], buffer->Msg[2], buffer->Msg[3]);
            _server.Handle(7, tag, ref sent);
            return 0;
        }

        if ((call == HostSyscall.Call || call == HostSyscall.CallFast) && cptr == CapSlots.RootEndpoint)
        {
            // libsmos calls the root task on the register path: MR0-3 in the scratch registers, all this model reads.
            return RootTask(tag, buffer);
        }

        if (call == HostSyscall.Signal && Doorbells.Contains(cptr))
        {
            Rings++; // a doorbell rung (Notification.Signal)
            return 0;
        }

        if (call == HostSyscall.Call && cptr == CapSlots.SelfCNode && tag.Label == (ulong)InvocationLabel.CNodeDelete)
        {
            Deleted.Add(buffer->Msg[0]);
            return new MessageInfo(0, 0, 0, 0).Word;
        }

        if (call != HostSyscall.CallFast)
        {
            throw new InvalidOperationException($"the loopback kernel takes CallFast, Send, ConnShare and CNode_Delete only, not {call} on {cptr}");
        }

        Calls++;
        RecordCaps(tag);
        var m = new FastMessage(buffer->Msg[0], buffer->Msg[1], buffer->Msg[2], buffer->Msg[3]);
        MessageInfo reply = _server.Handle(7, tag, ref m);
        buffer->Msg[0] = m.Mr0;
        buffer->Msg[1] = m.Mr1;
        buffer->Msg[2] = m.Mr2;
        buffer->Msg[3] = m.Mr3;
        if (reply.ExtraCaps != 0)
        {
            ReplyCaps.Add(_process.IpcBuffer->CapsOrBadges[0]);
            if (DropReplyCaps)
            {
                reply = new MessageInfo(reply.Label, 0, 0, reply.Length);
            }
        }

        return reply.Word;
    }

    private void RecordCaps(MessageInfo tag)
    {
        if (tag.ExtraCaps != 0)
        {
            SentCaps.Add(_process.IpcBuffer->CapsOrBadges[0]); // the real IPC buffer: on the register path buffer is a scratch copy of MR0-3
        }
    }

    // ConnShare: a zeroed page at the address asked for, announced to the server; ConnNotify: a doorbell in the receive
    // slot; every other request is refused.
    private ulong RootTask(MessageInfo tag, IpcBufferLayout* buffer)
    {
        if (tag.Label == (ulong)RootRequest.ConnNotify && tag.Length == 1)
        {
            Doorbells.Add(_process.IpcBuffer->ReceiveIndex);
            return new MessageInfo((ulong)RootError.Ok, 0, 1, 0).Word;
        }

        if (tag.Label != (ulong)RootRequest.ConnShare || tag.Length != 2)
        {
            return new MessageInfo((ulong)RootError.BadArgument, 0, 0, 0).Word;
        }

        ulong vaddr = buffer->Msg[1];
        if (_pages.ContainsKey(vaddr))
        {
            return new MessageInfo((ulong)RootError.BadArgument, 0, 0, 0).Word;
        }

        nint page = (nint)NativeMemory.AlignedAlloc(4096, 4096);
        NativeMemory.Clear((void*)page, 4096);
        _pages[vaddr] = page;
        _server.OnShared(7, ServerPid, SharedBuffer.At(vaddr));
        buffer->Msg[0] = 0;
        return new MessageInfo((ulong)RootError.Ok, 0, 0, 1).Word;
    }

    private nint Translate(ulong vaddr) =>
        _pages.TryGetValue(vaddr & ~4095UL, out nint page) ? page + (nint)(vaddr & 4095) : 0;

    public void Dispose()
    {
        // The thread is no simulated process any more, and has no IPC buffer (as before the loopback).
        HostKernel.Current = null;
        typeof(HostProcess).GetField("t_current", BindingFlags.Static | BindingFlags.NonPublic)!.SetValue(null, null);
        Assembly sel4 = typeof(Endpoint).Assembly;
        Type platform = sel4.GetType("Smos.Sel4.IpcGuard+Platform")!;
        Type contextPointer = sel4.GetType("Smos.Sel4.ThreadContext")!.MakePointerType();
        platform.GetMethod("SetCurrentContext")!.Invoke(null, [Pointer.Box(null, contextPointer)]);
        foreach (nint page in _pages.Values)
        {
            NativeMemory.AlignedFree((void*)page);
        }

        _pages.Clear();
    }
}
