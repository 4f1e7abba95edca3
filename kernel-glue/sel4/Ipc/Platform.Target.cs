// The target half of the IPC layer's platform split: thread context from TPIDR_EL0, violations panic.
#if SMOS_TARGET
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Internal.Runtime;

namespace Smos.Sel4;

internal static unsafe partial class IpcGuard
{
    internal static class Platform
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_thread_context")]
        public static extern ThreadContext* CurrentContext();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_set_thread_context")]
        public static extern void SetCurrentContext(ThreadContext* context);

        // The stub records the caller's address (the inlined check's site) and enters Report below.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "smos_ipc_violation")]
        public static extern void Violation(IpcViolation violation, IpcOperation operation);
    }

    [UnmanagedCallersOnly(EntryPoint = "smos_ipc_violation_report")]
    private static void ReportViolation(IpcViolation violation, IpcOperation operation, nuint pc)
    {
        System.Span<byte> buffer = stackalloc byte[Panic.MaxTextBytes];
        var text = new PanicText(buffer);
        text.Append(IpcMessages.Problem(violation));
        text.Append(" when "u8);
        text.Append(IpcMessages.Operation(operation));
        text.Append(" was invoked: "u8);
        text.Append(IpcMessages.Fix(violation));
        Panic.FailAt(text.Written, pc);
    }
}
#endif
