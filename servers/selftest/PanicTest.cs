// Built only with `--define SMOS_PANIC_TEST`: a deliberate out-of-range index, to prove the panic path.
#if SMOS_PANIC_TEST
using System;
using Internal.Runtime;

namespace Smos.RootTask.SelfTest;

internal static class PanicTest
{
    public static void Run()
    {
        DebugConsole.WriteLine("  panic test: indexing past the end of a 4-element span");
        Span<int> values = stackalloc int[4];
        int index = values.Length + Opaque();
        values[index] = 1;
    }

    // Keeps the compiler from proving the index out of range at compile time.
    private static int Opaque() => (int)Heap.Used & 1 | 1;
}
#endif
