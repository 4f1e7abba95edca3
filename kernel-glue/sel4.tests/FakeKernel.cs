// The host kernel of the IPC tests: records each system call the host build makes and lets a test play the kernel.
using System;
using System.Collections.Generic;

namespace Smos.Sel4
{
    /// <summary>One recorded system call.</summary>
    public sealed record SyscallRecord(string Name, ulong Cptr, ulong Info, ulong[] Mrs, ulong[] Caps);

    /// <summary>Per-thread fake kernel: the calls made, and an optional handler that plays the kernel.</summary>
    public static unsafe class FakeKernel
    {
        /// <summary>The host build's system calls (sel4-sys Syscalls.Host.cs) come here on every test thread.</summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Install() => HostKernel.Default = new Kernel();

        private sealed class Kernel : IHostKernel
        {
            public ulong Enter(HostSyscall call, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge) =>
                FakeKernel.Enter(call.ToString(), cptr, info, buffer, badge);
        }

        [ThreadStatic]
        private static List<SyscallRecord>? t_calls;

        /// <summary>Given (name, cptr, info, IPC buffer), returns the reply info and may write the buffer.</summary>
        [ThreadStatic]
        private static Func<string, ulong, ulong, nint, ulong>? t_handler;

        public static List<SyscallRecord> Calls => t_calls ??= new List<SyscallRecord>();

        public static void Handle(Func<string, ulong, ulong, nint, ulong>? handler) => t_handler = handler;

        internal static ulong Enter(string name, ulong cptr, ulong info, IpcBufferLayout* buffer, ulong* badge)
        {
            ulong[] mrs = Array.Empty<ulong>();
            ulong[] caps = Array.Empty<ulong>();
            if (buffer != null)
            {
                mrs = new ulong[IpcBufferLayout.MessageRegisters];
                caps = new ulong[3];
                for (int i = 0; i < mrs.Length; i++)
                {
                    mrs[i] = buffer->Msg[i];
                }

                for (int i = 0; i < 3; i++)
                {
                    caps[i] = buffer->CapsOrBadges[i];
                }
            }

            Calls.Add(new SyscallRecord(name, cptr, info, mrs, caps));
            if (badge != null)
            {
                *badge = 0;
            }

            return t_handler?.Invoke(name, cptr, info, (nint)buffer) ?? 0;
        }
    }
}
