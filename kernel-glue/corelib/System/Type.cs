// Type exists for the compiler's sake; there is no reflection.
namespace System
{

    internal sealed class RuntimeType : Type
    {
    }

    public abstract class Type
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
