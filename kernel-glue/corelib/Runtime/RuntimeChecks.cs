// Bindings to arch/aarch64/runtime.S stubs that capture the caller's address before panicking.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime;

internal static class RuntimeChecks
{
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_oom")]
    public static extern void OutOfMemory();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_index")]
    public static extern void IndexOutOfRange();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_null")]
    public static extern void NullReference();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_cast")]
    public static extern void InvalidCast();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_overflow")]
    public static extern void Overflow();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_divzero")]
    public static extern void DivideByZero();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_argrange")]
    public static extern void ArgumentOutOfRange();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_argument")]
    public static extern void Argument();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_removed")]
    public static extern void FeatureRemoved();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_fail_arraytype")]
    public static extern void ArrayTypeMismatch();
}
