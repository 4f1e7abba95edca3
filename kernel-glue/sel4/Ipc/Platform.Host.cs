// The host half of the IPC layer's platform split: per-thread context in a [ThreadStatic], violations throw.
#if SMOS_HOST
using System;

namespace Smos.Sel4
{
    internal static unsafe partial class IpcGuard
    {
        internal static class Platform
        {
            [ThreadStatic]
            private static nint t_context;

            public static ThreadContext* CurrentContext() => (ThreadContext*)t_context;

            public static void SetCurrentContext(ThreadContext* context) => t_context = (nint)context;

            public static void Violation(IpcViolation violation, IpcOperation operation) =>
                throw new IpcViolationException(violation, operation);
        }
    }

    /// <summary>On the host a violation throws this; on seL4 the same text is printed and the thread stops.</summary>
    public sealed class IpcViolationException : Exception
    {
        public IpcViolationException(IpcViolation violation, IpcOperation operation)
            : base(Text(IpcMessages.Problem(violation)) + " when " + Text(IpcMessages.Operation(operation)) + " was invoked: " + Text(IpcMessages.Fix(violation)))
        {
            Violation = violation;
            Operation = operation;
        }

        public IpcViolation Violation { get; }

        public IpcOperation Operation { get; }

        private static string Text(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);
    }
}

namespace Internal.Runtime
{
    /// <summary>Host stand-in for the corelib's runtime-check panics.</summary>
    public static class ThrowHelpers
    {
        public static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();

        public static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();

        public static void ThrowArgumentException() => throw new ArgumentException("invalid argument");
    }
}
#endif
