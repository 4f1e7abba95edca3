// Memory helpers the JIT calls by name for block copies and zeroing (SpanHelpers, Buffer).
using Internal.Runtime;

namespace System
{
    internal static unsafe class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length) => RawMemory.Move(ref destination, ref source, length);

        public static void ClearWithoutReferences(ref byte b, nuint byteLength) => RawMemory.Clear(ref b, byteLength);

        public static void ClearWithReferences(ref nint ip, nuint pointerSizeLength) =>
            RawMemory.Clear(ref Runtime.CompilerServices.Unsafe.As<nint, byte>(ref ip), pointerSizeLength * (nuint)sizeof(nint));

        public static void Fill(ref byte destination, nuint length, byte value) => RawMemory.Fill(ref destination, length, value);
    }

    internal static class Buffer
    {
        // No GC, so references are copied like any other bytes.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount) =>
            RawMemory.Move(ref destination, ref source, byteCount);

        internal static void Memmove(ref byte destination, ref byte source, nuint length) => RawMemory.Move(ref destination, ref source, length);
    }
}

namespace System.Runtime.InteropServices
{
    public interface IDynamicInterfaceCastable
    {
        private static nint GetDynamicInterfaceImplementation(object instance, RuntimeTypeHandle interfaceType) => 0;
    }
}
