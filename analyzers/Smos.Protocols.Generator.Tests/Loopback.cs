// A host "kernel" for generated clients: a Call on the register path runs a server's Handle on the calling thread, sharing its IPC buffer.
using System;
using System.Reflection;
using System.Runtime.InteropServices;
using Smos.Lib;
using Smos.Sel4;

namespace Smos.Protocols.Generator.Tests;

/// <summary>
/// Gives the test thread a kernel-glue context with a fake IPC buffer and makes its CallFast system calls reach
/// <paramref name="server"/>: MR0-3 travel in the scratch registers, MR4 and up stay in the one IPC buffer, which the
/// client writes before the call and the server reads (as the kernel's copy between two buffers would leave them).
/// </summary>
internal sealed unsafe class Loopback : IHostKernel, IDisposable
{
    private readonly FastRequestHandler _server;
    private readonly void* _buffer;
    private readonly void* _context;

    public Loopback(FastRequestHandler server)
    {
        _server = server;
        _buffer = NativeMemory.AlignedAlloc(1024, 1024);
        NativeMemory.Clear(_buffer, 1024);
        _context = NativeMemory.AllocZeroed(4096);
        Assembly sel4 = typeof(Endpoint).Assembly;
        MethodInfo init = sel4.GetType("Smos.Sel4.ThreadContexts")!.GetMethod("InitializeCurrent", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!;
        Type contextPointer = sel4.GetType("Smos.Sel4.ThreadContext")!.MakePointerType();
        init.Invoke(null, [Pointer.Box(_context, contextPointer), (nuint)_buffer, 1UL]);
        HostKernel.Current = this;
    }

    public int Calls { get; private set; }

    public int Sends { get; private set; }

    public ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge)
    {
        if (call == HostSyscall.Send)
        {
            // One-way: MR0-3 come from the IPC buffer itself (the stub loads them); the server's reply goes nowhere.
            Sends++;
            var sent = new FastMessage(buffer->Msg[0], buffer->Msg[1], buffer->Msg[2], buffer->Msg[3]);
            _server.Handle(7, new MessageInfo(info), ref sent);
            return 0;
        }

        if (call != HostSyscall.CallFast)
        {
            throw new InvalidOperationException($"the loopback kernel takes CallFast and Send only, not {call}");
        }

        Calls++;
        var m = new FastMessage(buffer->Msg[0], buffer->Msg[1], buffer->Msg[2], buffer->Msg[3]);
        MessageInfo reply = _server.Handle(7, new MessageInfo(info), ref m);
        buffer->Msg[0] = m.Mr0;
        buffer->Msg[1] = m.Mr1;
        buffer->Msg[2] = m.Mr2;
        buffer->Msg[3] = m.Mr3;
        return reply.Word;
    }

    public void Dispose()
    {
        HostKernel.Current = null;
        Assembly sel4 = typeof(Endpoint).Assembly;
        Type platform = sel4.GetType("Smos.Sel4.IpcGuard+Platform")!;
        Type contextPointer = sel4.GetType("Smos.Sel4.ThreadContext")!.MakePointerType();
        platform.GetMethod("SetCurrentContext")!.Invoke(null, [Pointer.Box(null, contextPointer)]);
        NativeMemory.AlignedFree(_buffer);
        NativeMemory.Free(_context);
    }
}
