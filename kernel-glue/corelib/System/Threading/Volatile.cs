// Volatile reads and writes: compiled by the JIT to ldar/stlr, so they are never cached, fused or dropped.
using System.Runtime.CompilerServices;

namespace System.Threading;

public static unsafe class Volatile
{
    [Intrinsic]
    public static byte Read(ref readonly byte location) => Unsafe.As<byte, VolatileByte>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static ushort Read(ref readonly ushort location) => Unsafe.As<ushort, VolatileUInt16>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static int Read(ref readonly int location) => Unsafe.As<int, VolatileInt32>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static uint Read(ref readonly uint location) => Unsafe.As<uint, VolatileUInt32>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static long Read(ref readonly long location) => (long)Unsafe.As<long, VolatileIntPtr>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static ulong Read(ref readonly ulong location) => (ulong)Unsafe.As<ulong, VolatileIntPtr>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static nint Read(ref readonly nint location) => Unsafe.As<nint, VolatileIntPtr>(ref Unsafe.AsRef(in location)).Value;

    [Intrinsic]
    public static void Write(ref byte location, byte value) => Unsafe.As<byte, VolatileByte>(ref location).Value = value;

    [Intrinsic]
    public static void Write(ref ushort location, ushort value) => Unsafe.As<ushort, VolatileUInt16>(ref location).Value = value;

    [Intrinsic]
    public static void Write(ref int location, int value) => Unsafe.As<int, VolatileInt32>(ref location).Value = value;

    [Intrinsic]
    public static void Write(ref uint location, uint value) => Unsafe.As<uint, VolatileUInt32>(ref location).Value = value;

    [Intrinsic]
    public static void Write(ref long location, long value) => Unsafe.As<long, VolatileIntPtr>(ref location).Value = (nint)value;

    [Intrinsic]
    public static void Write(ref ulong location, ulong value) => Unsafe.As<ulong, VolatileIntPtr>(ref location).Value = (nint)value;

    [Intrinsic]
    public static void Write(ref nint location, nint value) => Unsafe.As<nint, VolatileIntPtr>(ref location).Value = value;

    private struct VolatileByte
    {
        public volatile byte Value;
    }

    private struct VolatileUInt16
    {
        public volatile ushort Value;
    }

    private struct VolatileInt32
    {
        public volatile int Value;
    }

    private struct VolatileUInt32
    {
        public volatile uint Value;
    }

    private struct VolatileIntPtr
    {
        public volatile nint Value;
    }
}
