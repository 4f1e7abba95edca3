// Gives the calling test thread a kernel-glue context with a zeroed, 1024-aligned fake IPC buffer.
using System;
using System.Runtime.InteropServices;

namespace Smos.Sel4.Tests;

public sealed unsafe class TestThread : IDisposable
{
    private readonly void* _buffer;
    private readonly ThreadContext* _context;

    public TestThread()
    {
        _buffer = NativeMemory.AlignedAlloc(1024, 1024);
        NativeMemory.Clear(_buffer, 1024);
        _context = (ThreadContext*)NativeMemory.AllocZeroed((nuint)sizeof(ThreadContext));
        ThreadContexts.InitializeCurrent(_context, (nuint)_buffer, 1);
        FakeKernel.Calls.Clear();
        FakeKernel.Handle(null);
    }

    public IpcBufferLayout* Buffer => (IpcBufferLayout*)_buffer;

    public ThreadContext* Context => _context;

    public void Dispose()
    {
        IpcGuard.Platform.SetCurrentContext(null);
        NativeMemory.AlignedFree(_buffer);
        NativeMemory.Free(_context);
        FakeKernel.Handle(null);
    }
}
