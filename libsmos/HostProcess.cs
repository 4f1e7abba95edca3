// Host only: a simulated process on the calling thread (its state, IPC buffer and memory), and the runtime calls libsmos makes, for host tests.
#if SMOS_HOST
using System;
using System.Runtime.InteropServices;
using Smos.Protocol;
using Smos.Sel4;

namespace Smos.Lib
{
    /// <summary>
    /// Makes the calling thread a SmosSharp process for libsmos on the host: its pid, its root endpoint, its args, a
    /// thread context with its own IPC buffer, and where its memory is (event rings and shared pages live in the host
    /// world's model of the frames). The system calls go to <see cref="HostKernel.Current"/>, which the host world sets.
    /// </summary>
    public static unsafe class HostProcess
    {
        [ThreadStatic]
        private static Func<ulong, nint>? t_translate;

        /// <summary>
        /// Attaches process <paramref name="pid"/> to this thread. <paramref name="argsBlob"/> holds the args, arg 0
        /// first, each NUL-terminated; <paramref name="translate"/> maps a process address to host memory (0: unmapped).
        /// </summary>
        public static void Attach(ulong pid, ReadOnlySpan<byte> argsBlob, Func<ulong, nint> translate)
        {
            var context = (ThreadContext*)NativeMemory.AllocZeroed((nuint)sizeof(ThreadContext));
            void* ipc = NativeMemory.AlignedAlloc(4096, 4096);
            NativeMemory.Clear(ipc, 4096);
            ThreadContexts.InitializeCurrent(context, (nuint)ipc, 0);
            t_translate = translate;
            AppState.Pid = pid;
            AppState.RootEndpoint = CapSlots.RootEndpoint;
            AppState.Line = (byte*)NativeMemory.AllocZeroed(ProcessAbi.MaxPrintBytes);
            AppState.LineLength = 0;
            AppState.HeapPages = 0;
            byte* blob = (byte*)NativeMemory.AllocZeroed((nuint)argsBlob.Length + 1);
            argsBlob.CopyTo(new Span<byte>(blob, argsBlob.Length));
            int count = 0;
            foreach (byte b in argsBlob)
            {
                count += b == 0 ? 1 : 0;
            }

            AppState.ArgBlob = blob;
            AppState.ArgBytes = argsBlob.Length;
            AppState.ArgCount = count;
        }

        /// <summary>The calling thread's IPC buffer (what the host kernel reads a message from and writes a reply into).</summary>
        public static IpcBufferLayout* IpcBuffer => ThreadContexts.Current->IpcBuffer;

        internal static byte* Translate(ulong vaddr)
        {
            nint p = t_translate is null ? 0 : t_translate(vaddr);
            return p != 0 ? (byte*)p : throw new InvalidOperationException($"host process {AppState.Pid}: address 0x{vaddr:x} is not mapped");
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
