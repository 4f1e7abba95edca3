// The nullable-analysis attributes (NotNullWhen, MaybeNullWhen, NotNull, ...) the C# compiler reads on .NET's signatures.
namespace System.Diagnostics.CodeAnalysis;

/// <summary>The argument is not null when the method returns <see cref="ReturnValue"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class NotNullWhenAttribute : Attribute
{
    public NotNullWhenAttribute(bool returnValue) { ReturnValue = returnValue; }

    /// <summary>The return value that guarantees a non-null argument.</summary>
    public bool ReturnValue { get; }
}

/// <summary>The argument may be null when the method returns <see cref="ReturnValue"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class MaybeNullWhenAttribute : Attribute
{
    public MaybeNullWhenAttribute(bool returnValue) { ReturnValue = returnValue; }

    /// <summary>The return value after which the argument may be null.</summary>
    public bool ReturnValue { get; }
}

/// <summary>The value is not null afterwards (or the method does not return).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class NotNullAttribute : Attribute
{
}

/// <summary>The value may be null even if its type says otherwise.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class MaybeNullAttribute : Attribute
{
}

/// <summary>Null is allowed as input even if the type says otherwise.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Property, Inherited = false)]
public sealed class AllowNullAttribute : Attribute
{
}

/// <summary>The method never returns.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DoesNotReturnAttribute : Attribute
{
}

/// <summary>The return value is not null when the named parameter is not null.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, AllowMultiple = true, Inherited = false)]
public sealed class NotNullIfNotNullAttribute : Attribute
{
    public NotNullIfNotNullAttribute(string parameterName) { ParameterName = parameterName; }

    /// <summary>The parameter's name.</summary>
    public string ParameterName { get; }
}
