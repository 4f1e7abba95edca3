// Type and Exception exist for the compiler's sake; there is no reflection and a throw is a panic.
namespace System
{

    internal sealed class RuntimeType : Type
    {
    }

    public abstract class Type
    {
    }

    /// <summary>The base of exceptions. On bare metal a throw stops the thread with the message (see docs/runtime.md).</summary>
    public class Exception
    {
        public Exception() { }

        public Exception(string? message) { Message = message; }

        public string? Message { get; }
    }

    public class IndexOutOfRangeException : Exception
    {
    }

    public class ArgumentException : Exception
    {
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
    }

    public class InvalidOperationException : Exception
    {
    }

    public class NotSupportedException : Exception
    {
    }

    public class OverflowException : Exception
    {
    }

    public class InvalidCastException : Exception
    {
    }

    public class NullReferenceException : Exception
    {
    }
}

namespace System.Reflection
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute
    {
        public DefaultMemberAttribute(string memberName) { MemberName = memberName; }

        public string MemberName { get; }
    }
}
