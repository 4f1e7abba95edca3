// A stand-in for the seL4 system-call stubs on the host: records each call and lets a test play the kernel.
using System;
using System.Collections.Generic;

namespace Smos.Sel4
{
    /// <summary>One recorded system call.</summary>
    public sealed record SyscallRecord(string Name, ulong Cptr, ulong Info, ulong[] Mrs, ulong[] Caps);

    /// <summary>Same shape as the target's Syscalls (arch/aarch64/sel4.S); behaviour set by <see cref="FakeKernel"/>.</summary>
    internal static unsafe class Syscalls
    {
        public static ulong Call(ulong dest, ulong info, IpcBufferLayout* buffer, ulong* badge) => FakeKernel.Enter("Call", dest, info, buffer, badge);

        public static ulong ReplyRecv(ulong source, ulong info, IpcBufferLayout* buffer, ulong* badge) => FakeKernel.Enter("ReplyRecv", source, info, buffer, badge);

        public static ulong CallFast(ulong dest, ulong info, FastMessage* message, ulong* badge) => FakeKernel.EnterFast("CallFast", dest, info, message, badge);

        public static ulong ReplyRecvFast(ulong source, ulong info, FastMessage* message, ulong* badge) => FakeKernel.EnterFast("ReplyRecvFast", source, info, message, badge);

        public static ulong RecvFast(ulong source, FastMessage* message, ulong* badge) => FakeKernel.EnterFast("RecvFast", source, 0, message, badge);

        public static void Send(ulong dest, ulong info, IpcBufferLayout* buffer) => FakeKernel.Enter("Send", dest, info, buffer, null);

        public static void NBSend(ulong dest, ulong info, IpcBufferLayout* buffer) => FakeKernel.Enter("NBSend", dest, info, buffer, null);

        public static ulong Recv(ulong source, IpcBufferLayout* buffer, ulong* badge) => FakeKernel.Enter("Recv", source, 0, buffer, badge);

        public static ulong NBRecv(ulong source, IpcBufferLayout* buffer, ulong* badge) => FakeKernel.Enter("NBRecv", source, 0, buffer, badge);

        public static void Reply(ulong info, IpcBufferLayout* buffer) => FakeKernel.Enter("Reply", 0, info, buffer, null);

        public static void Signal(ulong dest) => FakeKernel.Enter("Signal", dest, 0, null, null);

        public static ulong Wait(ulong source) => FakeKernel.Enter("Wait", source, 0, null, null);

        public static ulong Poll(ulong source) => FakeKernel.Enter("Poll", source, 0, null, null);

        public static void Yield() => FakeKernel.Enter("Yield", 0, 0, null, null);

        public static void DebugPutChar(byte c) => FakeKernel.Enter("DebugPutChar", c, 0, null, null);

        public static ulong DebugCapIdentify(ulong cptr) => FakeKernel.Enter("DebugCapIdentify", cptr, 0, null, null);

        public static void DebugDumpScheduler() => FakeKernel.Enter("DebugDumpScheduler", 0, 0, null, null);

        public static void DebugNameThread(ulong tcb) => FakeKernel.Enter("DebugNameThread", tcb, 0, null, null);
    }

    /// <summary>Per-thread fake kernel: the calls made, and an optional handler that plays the kernel.</summary>
    public static unsafe class FakeKernel
    {
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

        /// <summary>
        /// The register path: the fake kernel sees MR0-3 in a scratch buffer (as if they were in x2-x5) and whatever the
        /// handler leaves there comes back in the struct. The thread's real IPC buffer is not touched.
        /// </summary>
        internal static ulong EnterFast(string name, ulong cptr, ulong info, FastMessage* message, ulong* badge)
        {
            IpcBufferLayout registers = default;
            registers.Msg[0] = message->Mr0;
            registers.Msg[1] = message->Mr1;
            registers.Msg[2] = message->Mr2;
            registers.Msg[3] = message->Mr3;
            ulong reply = Enter(name, cptr, info, &registers, badge);
            message->Mr0 = registers.Msg[0];
            message->Mr1 = registers.Msg[1];
            message->Mr2 = registers.Msg[2];
            message->Mr3 = registers.Msg[3];
            return reply;
        }
    }
}
