// Type: typeof(T), GetType() and type equality, enough for records and type tests; there is no reflection.
using Internal.Runtime;

namespace System
{
    /// <summary>A type, known by its MethodTable. Two Type objects are equal when they name the same type.</summary>
    internal sealed unsafe class RuntimeType : Type
    {
        private readonly MethodTable* _type;

        internal RuntimeType(MethodTable* type) => _type = type;

        public override RuntimeTypeHandle TypeHandle => new RuntimeTypeHandle { Value = (IntPtr)_type };
    }

    /// <summary>
    /// What <c>typeof(T)</c> and <c>GetType()</c> return. Supported: <c>==</c>, <c>!=</c>, <c>Equals</c>,
    /// <c>GetHashCode</c>, <c>TypeHandle</c>; names, members and attributes need reflection, which SmosSharp does not have.
    /// </summary>
    public abstract class Type
    {
        /// <summary>The runtime's handle: the type's MethodTable address.</summary>
        public abstract RuntimeTypeHandle TypeHandle { get; }

        /// <summary>The type of a handle (what <c>typeof(T)</c> compiles to).</summary>
        public static unsafe Type? GetTypeFromHandle(RuntimeTypeHandle handle) =>
            handle.Value == IntPtr.Zero ? null : new RuntimeType((MethodTable*)handle.Value);

        public static bool operator ==(Type? left, Type? right) =>
            ReferenceEquals(left, right) || (left is not null && right is not null && left.TypeHandle.Value == right.TypeHandle.Value);

        public static bool operator !=(Type? left, Type? right) => !(left == right);

        public override bool Equals(object? o) => o is Type t && t.TypeHandle.Value == TypeHandle.Value;

        public override int GetHashCode() => TypeHandle.Value.GetHashCode();

        /// <summary>Not available (no reflection): using it is build error CS0619 with the reason.</summary>
        [Obsolete(Unsupported.TypeName, error: true)]
        public string Name => throw new NotSupportedException();

        /// <summary>Not available (no reflection): using it is build error CS0619 with the reason.</summary>
        [Obsolete(Unsupported.TypeName, error: true)]
        public string FullName => throw new NotSupportedException();
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
