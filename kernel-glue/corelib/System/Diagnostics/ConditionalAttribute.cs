// [Conditional("SYMBOL")]: the C# compiler drops every call of such a method where SYMBOL is not defined (the BCL's shape).
namespace System.Diagnostics;

/// <summary>
/// Calls of a method with this attribute are compiled only where <see cref="ConditionString"/> is a defined
/// preprocessor symbol; elsewhere the call and its arguments' evaluation are left out (the method itself stays).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ConditionalAttribute : Attribute
{
    public ConditionalAttribute(string conditionString) { ConditionString = conditionString; }

    /// <summary>The preprocessor symbol that must be defined.</summary>
    public string ConditionString { get; }
}
