// EqualityComparer<T>.Default and Comparer<T>.Default: IEquatable/IComparable when the type has them, else Equals/GetHashCode.
namespace System.Collections.Generic;

/// <summary>Equality for <typeparamref name="T"/>; <see cref="Default"/> uses IEquatable&lt;T&gt; when T has it, else Equals.</summary>
public abstract class EqualityComparer<T> : IEqualityComparer<T>
{
    private static EqualityComparer<T>? s_default;

    /// <summary>The default comparer (made on first use: SmosSharp runs no static constructors).</summary>
    public static EqualityComparer<T> Default => s_default ??= new DefaultEqualityComparer<T>();

    public abstract bool Equals(T? x, T? y);

    public abstract int GetHashCode(T obj);

    /// <summary>A comparer from two functions.</summary>
    public static EqualityComparer<T> Create(Func<T?, T?, bool> equals, Func<T, int>? getHashCode = null) =>
        new DelegateEqualityComparer<T>(equals, getHashCode);
}

internal sealed class DefaultEqualityComparer<T> : EqualityComparer<T>
{
    public override bool Equals(T? x, T? y)
    {
        if (x is null)
        {
            return y is null;
        }

        if (y is null)
        {
            return false;
        }

        return x is IEquatable<T> equatable ? equatable.Equals(y) : x.Equals(y);
    }

    public override int GetHashCode(T obj) => obj is null ? 0 : obj.GetHashCode();
}

internal sealed class DelegateEqualityComparer<T> : EqualityComparer<T>
{
    private readonly Func<T?, T?, bool> _equals;
    private readonly Func<T, int>? _hash;

    public DelegateEqualityComparer(Func<T?, T?, bool> equals, Func<T, int>? hash)
    {
        _equals = equals;
        _hash = hash;
    }

    public override bool Equals(T? x, T? y) => _equals(x, y);

    public override int GetHashCode(T obj) =>
        _hash is null ? throw new NotSupportedException("This comparer has no GetHashCode function.") : _hash(obj);
}

/// <summary>Ordering of <typeparamref name="T"/>; <see cref="Default"/> uses IComparable&lt;T&gt; or IComparable.</summary>
public abstract class Comparer<T> : IComparer<T>
{
    private static Comparer<T>? s_default;

    public static Comparer<T> Default => s_default ??= new DefaultComparer<T>();

    public abstract int Compare(T? x, T? y);

    /// <summary>A comparer from a <see cref="Comparison{T}"/>.</summary>
    public static Comparer<T> Create(Comparison<T> comparison) => new ComparisonComparer<T>(comparison);
}

internal sealed class DefaultComparer<T> : Comparer<T>
{
    public override int Compare(T? x, T? y)
    {
        if (x is null)
        {
            return y is null ? 0 : -1;
        }

        if (y is null)
        {
            return 1;
        }

        if (x is IComparable<T> generic)
        {
            return generic.CompareTo(y);
        }

        if (x is IComparable plain)
        {
            return plain.CompareTo(y);
        }

        throw new ArgumentException("At least one object must implement IComparable.");
    }
}

internal sealed class ComparisonComparer<T> : Comparer<T>
{
    private readonly Comparison<T> _comparison;

    public ComparisonComparer(Comparison<T> comparison) => _comparison = comparison;

    public override int Compare(T? x, T? y) => _comparison(x!, y!);
}
