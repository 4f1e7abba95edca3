// The small interfaces of System that equality, ordering and collections are built on.
namespace System;

/// <summary>A type whose values can be compared for equality with another value of type <typeparamref name="T"/>.</summary>
public interface IEquatable<T>
{
    bool Equals(T? other);
}

/// <summary>A type whose values have an order (non-generic form).</summary>
public interface IComparable
{
    int CompareTo(object? obj);
}

/// <summary>A type whose values have an order: negative, zero or positive as this is before, equal to or after <paramref name="other"/>.</summary>
public interface IComparable<in T>
{
    int CompareTo(T? other);
}
