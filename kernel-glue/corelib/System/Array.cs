// Arrays: a length word after the MethodTable pointer, then the elements.
using System.Runtime.CompilerServices;

namespace System;

public abstract class Array
{
    // Layout shared with the compiler: the length, then padding on 64-bit targets.
    private readonly int _numComponents;
#pragma warning disable CS0169
    private readonly int _padding;
#pragma warning restore CS0169

    public int Length => _numComponents;
}

// The compiler's view of T[] for generic code.
public class Array<T> : Array
{
}
