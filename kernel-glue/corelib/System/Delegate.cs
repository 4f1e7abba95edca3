// Delegates exist so the compiler is satisfied; creating one allocates, which bare-metal code avoids.
namespace System;

public abstract class Delegate
{
    // Field layout required by the compiler.
    internal object? _firstParameter;
    internal object? _helperObject;
    internal nint _extraFunctionPointerOrData;
    internal IntPtr _functionPointer;
}

public abstract class MulticastDelegate : Delegate
{
}
