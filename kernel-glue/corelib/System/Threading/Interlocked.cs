// Atomic operations on memory shared between threads (System.Threading.Interlocked), as exclusive-access loops in runtime.S.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace System.Threading;

/// <summary>
/// Atomic read-modify-write operations, each a full barrier as in .NET. AArch64 v8.0 has no single-instruction atomics
/// (the QEMU cortex-a53), so each is a load-acquire/store-release exclusive loop followed by <c>dmb ish</c>.
/// </summary>
public static unsafe class Interlocked
{
    public static int Increment(ref int location) => Add(ref location, 1);

    public static long Increment(ref long location) => Add(ref location, 1);

    public static int Decrement(ref int location) => Add(ref location, -1);

    public static long Decrement(ref long location) => Add(ref location, -1);

    /// <summary>Adds <paramref name="value"/> and returns the new value.</summary>
    public static int Add(ref int location, int value) => FetchAdd32(ref location, value) + value;

    /// <summary>Adds <paramref name="value"/> and returns the new value.</summary>
    public static long Add(ref long location, long value) => FetchAdd64(ref location, value) + value;

    /// <summary>Stores <paramref name="value"/> and returns the previous value.</summary>
    public static int Exchange(ref int location, int value) => Exchange32(ref location, value);

    public static long Exchange(ref long location, long value) => Exchange64(ref location, value);

    public static nint Exchange(ref nint location, nint value) => (nint)Exchange64(ref Unsafe.As<nint, long>(ref location), value);

    public static T Exchange<T>(ref T location, T value)
        where T : class?
    {
        long old = Exchange64(ref Unsafe.As<T, long>(ref location), Unsafe.As<T, long>(ref value));
        return Unsafe.As<long, T>(ref old);
    }

    /// <summary>Stores <paramref name="value"/> if the location holds <paramref name="comparand"/>; returns what it held.</summary>
    public static int CompareExchange(ref int location, int value, int comparand) => CompareExchange32(ref location, value, comparand);

    public static long CompareExchange(ref long location, long value, long comparand) => CompareExchange64(ref location, value, comparand);

    public static nint CompareExchange(ref nint location, nint value, nint comparand) =>
        (nint)CompareExchange64(ref Unsafe.As<nint, long>(ref location), value, comparand);

    public static T CompareExchange<T>(ref T location, T value, T comparand)
        where T : class?
    {
        long old = CompareExchange64(ref Unsafe.As<T, long>(ref location), Unsafe.As<T, long>(ref value), Unsafe.As<T, long>(ref comparand));
        return Unsafe.As<long, T>(ref old);
    }

    /// <summary>A full memory barrier (<c>dmb ish</c>).</summary>
    public static void MemoryBarrier() => Barrier();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_fetch_add32")]
    private static extern int FetchAdd32(ref int location, int value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_fetch_add64")]
    private static extern long FetchAdd64(ref long location, long value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_exchange32")]
    private static extern int Exchange32(ref int location, int value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_exchange64")]
    private static extern long Exchange64(ref long location, long value);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_cas32")]
    private static extern int CompareExchange32(ref int location, int value, int comparand);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_atomic_cas64")]
    private static extern long CompareExchange64(ref long location, long value, long comparand);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("*", "smos_memory_barrier")]
    private static extern void Barrier();
}
