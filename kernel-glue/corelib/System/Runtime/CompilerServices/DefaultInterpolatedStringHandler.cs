// What C# compiles $"..." into: DefaultInterpolatedStringHandler and the attributes that mark interpolated-string handlers.
using System.Text;

namespace System.Runtime.CompilerServices;

/// <summary>Marks a type the compiler may use to build interpolated strings.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class InterpolatedStringHandlerAttribute : Attribute
{
}

/// <summary>Names the arguments passed to an interpolated-string handler's constructor.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class InterpolatedStringHandlerArgumentAttribute : Attribute
{
    public InterpolatedStringHandlerArgumentAttribute(string argument) { Arguments = [argument]; }

    public InterpolatedStringHandlerArgumentAttribute(params string[] arguments) { Arguments = arguments; }

    /// <summary>The argument names.</summary>
    public string[] Arguments { get; }
}

/// <summary>Marks a params collection parameter (C# 13 <c>params ReadOnlySpan&lt;T&gt;</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class ParamCollectionAttribute : Attribute
{
}

/// <summary>
/// Builds the string of an interpolated string expression: literals and formatted holes (<c>{x}</c>, <c>{x,5}</c>,
/// <c>{x:X8}</c>, <c>{x,-5:D3}</c>). Integers, bool, char and enums format directly (an enum as its number); other
/// values use ToString (a format string is ignored for them). The provider is ignored (invariant culture).
/// </summary>
[InterpolatedStringHandler]
public ref struct DefaultInterpolatedStringHandler
{
    private ValueStringBuilder _builder;

    /// <summary>A handler for <paramref name="literalLength"/> literal characters and <paramref name="formattedCount"/> holes.</summary>
    public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _builder = new ValueStringBuilder(literalLength + (formattedCount * 11));
    }

    /// <summary>As the two-argument constructor (the provider is ignored).</summary>
    public DefaultInterpolatedStringHandler(int literalLength, int formattedCount, IFormatProvider? provider)
        : this(literalLength, formattedCount)
    {
    }

    /// <summary>A handler that starts in <paramref name="initialBuffer"/> (for example a stackalloc).</summary>
    public DefaultInterpolatedStringHandler(int literalLength, int formattedCount, IFormatProvider? provider, Span<char> initialBuffer)
    {
        _builder = new ValueStringBuilder(initialBuffer);
    }

    /// <summary>The text built so far.</summary>
    public readonly ReadOnlySpan<char> Text => _builder.Text;

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _builder.Append(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<T>(T value) => _builder.AppendFormatted(value);

    /// <summary>Appends a value in a format ("X8", "D3"...).</summary>
    public void AppendFormatted<T>(T value, string? format) => _builder.AppendFormatted(value, 0, format);

    /// <summary>Appends a value padded to an alignment (negative: left-aligned).</summary>
    public void AppendFormatted<T>(T value, int alignment) => _builder.AppendFormatted(value, alignment);

    /// <summary>Appends a value in a format, padded to an alignment.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format) => _builder.AppendFormatted(value, alignment, format);

    /// <summary>Appends characters.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value) => _builder.Append(value);

    /// <summary>Appends characters padded to an alignment.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value, int alignment = 0, string? format = null) => _builder.AppendAligned(value, alignment);

    /// <summary>Appends a string.</summary>
    public void AppendFormatted(string? value) => _builder.Append(value);

    /// <summary>Appends a string padded to an alignment.</summary>
    public void AppendFormatted(string? value, int alignment = 0, string? format = null) => _builder.AppendFormatted(value, alignment);

    /// <summary>Appends an object (its text), padded to an alignment, in a format.</summary>
    public void AppendFormatted(object? value, int alignment = 0, string? format = null) => _builder.AppendFormatted(value, alignment, format);

    /// <summary>The built string; the handler must not be used afterwards.</summary>
    public string ToStringAndClear()
    {
        string result = _builder.ToString();
        _builder.Clear();
        return result;
    }

    /// <summary>The built string so far.</summary>
    public override readonly string ToString() => _builder.ToString();

    /// <summary>Forgets the text.</summary>
    public void Clear() => _builder.Clear();
}
