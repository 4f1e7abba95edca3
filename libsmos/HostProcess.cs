// Host only: a simulated process on the calling thread (its state, IPC buffer and memory), and the runtime calls libsmos makes, for host tests.
#if SMOS_HOST
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Smos.Protocol;
using Smos.Sel4;

[assembly: InternalsVisibleTo("Smos.Lib.Tests")] // the heap grower and the per-process state, checked on the host

namespace Smos.Lib
{
    /// <summary>
    /// A SmosSharp process for libsmos on the host: its pid, its root endpoint, its args, its own IPC buffer and thread
    /// context, libsmos's per-process state (console line, capability slots, mapping addresses, heap pages), and where
    /// its memory is (event rings and shared pages live in the host world's model of the frames). A thread becomes the
    /// process with <see cref="Attach"/>; its system calls go to <see cref="HostKernel.Current"/>, which the host world sets.
    /// </summary>
    public sealed unsafe class HostProcess
    {
        [ThreadStatic]
        private static HostProcess? t_current;

        private readonly Func<ulong, nint> _translate;
        private readonly ThreadContext* _context;
        private readonly IpcBufferLayout* _ipcBuffer;

        // libsmos's per-process state (AppState.Host.cs hands out references to these).
        internal int HeapPages;
        internal RootError HeapRefusal;
        internal StartInfo* StartInfo;
        internal ulong Pid;
        internal ulong RootEndpoint;
        internal byte* Line;
        internal int LineLength;
        internal byte* ArgBlob;
        internal int ArgBytes;
        internal int ArgCount;
        internal string? Name;
        internal ulong[]? SlotWords;
        internal ulong HeldCNodes = 1;
        internal int SlotHint;
        internal int SlotsTaken;
        internal ulong NextBuffer = Connections.BufferBase;
        internal ulong NextShared = Connections.SharedBase;
        internal ulong TimerEndpoint;
        internal ulong TimedWaitExpiries;
        internal ulong ConsoleEndpoint;

        /// <summary>
        /// Process <paramref name="pid"/>. <paramref name="argsBlob"/> holds the args, arg 0 first, each NUL-terminated;
        /// <paramref name="translate"/> maps a process address to host memory (0: unmapped). Its memory lives as long as
        /// the test run (processes are few and small).
        /// </summary>
        public HostProcess(ulong pid, ReadOnlySpan<byte> argsBlob, Func<ulong, nint> translate)
        {
            _translate = translate;
            _context = (ThreadContext*)NativeMemory.AllocZeroed((nuint)sizeof(ThreadContext));
            _ipcBuffer = (IpcBufferLayout*)NativeMemory.AlignedAlloc(4096, 4096);
            NativeMemory.Clear(_ipcBuffer, 4096);
            Pid = pid;
            RootEndpoint = CapSlots.RootEndpoint;
            Line = (byte*)NativeMemory.AllocZeroed(ProcessAbi.MaxPrintBytes);
            SetArgs(argsBlob);
        }

        /// <summary>Replaces the process's args (a test may run one process with different args in turn).</summary>
        public void SetArgs(ReadOnlySpan<byte> argsBlob)
        {
            byte* blob = (byte*)NativeMemory.AllocZeroed((nuint)argsBlob.Length + 1);
            argsBlob.CopyTo(new Span<byte>(blob, argsBlob.Length));
            int count = 0;
            foreach (byte b in argsBlob)
            {
                count += b == 0 ? 1 : 0;
            }

            Name = null;
            ArgBlob = blob;
            ArgBytes = argsBlob.Length;
            ArgCount = count;
        }

        /// <summary>The process's id.</summary>
        public ulong ProcessId => Pid;

        /// <summary>The process's IPC buffer (what the host kernel reads a message from and writes a reply into).</summary>
        public IpcBufferLayout* IpcBuffer => _ipcBuffer;

        /// <summary>The process the calling thread runs, if any.</summary>
        public static HostProcess? Current => t_current;

        /// <summary>Makes the calling thread this process: libsmos's state and the IPC buffer are this process's from now on.</summary>
        public void Attach()
        {
            ThreadContexts.InitializeCurrent(_context, (nuint)_ipcBuffer, 0);
            t_current = this;
            HostConsoleWriter.Install();
        }

        internal static byte* Translate(ulong vaddr)
        {
            HostProcess? p = t_current;
            nint at = p is null ? 0 : p._translate(vaddr);
            return at != 0 ? (byte*)at : throw new InvalidOperationException($"host process {p?.Pid}: address 0x{vaddr:x} is not mapped");
        }
    }

    /// <summary>Thrown on the host where a process would stop for good (Exit's fallback halt, a console byte with no line buffer).</summary>
    public sealed class HostProcessStoppedException : Exception
    {
        /// <summary>A stop with what stopped it.</summary>
        public HostProcessStoppedException(string message)
            : base(message)
        {
        }
    }
}

namespace Internal.Runtime
{
    /// <summary>The two runtime calls libsmos makes, on the host: memory from the host, and stopping as an exception.</summary>
    internal static unsafe class Platform
    {
        public static void PutChar(byte c) => throw new Smos.Lib.HostProcessStoppedException($"debug console byte {c} before start-up");

        public static void Halt() => throw new Smos.Lib.HostProcessStoppedException("the process stopped");
    }

    internal static unsafe class Heap
    {
        public static byte* TryAllocate(nuint bytes) => (byte*)NativeMemory.AllocZeroed(bytes);
    }
}
#endif
