// SMOS003: plain loads and stores through pointers from [SharedMemory] sources or VolatileSpan arguments are reported.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos003Tests
{
    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<SharedMemoryAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos;
        using Smos.Sel4;

        [SharedMemory]
        public struct Ring
        {
            public ulong Head;
            public ulong Tail;
        }

        public struct Private
        {
            public ulong Value;
        }

        public static unsafe class Device
        {
            [SharedMemory]
            public static ulong* Registers;

            [return: SharedMemory]
            public static byte* Map(ulong frame) => null;

            public static bool MapOut(ulong frame, [SharedMemory] out nuint vaddr) { vaddr = 0; return true; }
        }

        public static unsafe class C
        {
            {{body}}
        }
        """;

    [Fact]
    public Task Deref_index_and_arrow_through_shared_sources_are_reported() => Check(
        """
        public static ulong M(Ring* ring)
            {
                byte* page = Device.Map(1);
                ulong* regs = Device.Registers;
                {|#0:page[3]|} = 1;
                ulong a = {|#1:*regs|};
                ulong b = {|#2:ring->Head|};
                {|#3:regs[1]|}++;
                return a + b;
            }
        """,
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 0, "write", "page"),
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 1, "read", "regs"),
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 2, "read", "ring"),
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 3, "read and write", "regs"));

    [Fact]
    public Task Shared_out_parameter_flows_through_casts_arithmetic_and_locals() => Check(
        """
        public static void M()
            {
                if (Device.MapOut(7, out nuint at))
                {
                    var words = (ulong*)at;
                    ulong* second = words + 1;
                    ulong* copy = second;
                    {|#0:*copy|} = 5;
                }
            }
        """,
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 0, "write", "copy"));

    [Fact]
    public Task Pointer_given_to_a_VolatileSpan_is_shared_in_the_same_method() => Check(
        """
        public static ulong M(ulong* shared, int length)
            {
                var span = new VolatileSpan<ulong>(shared, length);
                span.Set(0, 1);
                return {|#0:shared[0]|};
            }

            public static ulong Elsewhere(ulong* shared) => *shared;
        """,
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 0, "read", "shared"));

    [Fact]
    public Task Parameter_marked_shared_is_reported() => Check(
        """
        public static void M([SharedMemory] nuint startInfo)
            {
                var info = (Private*)startInfo;
                {|#0:info->Value|} = 1;
            }
        """,
        Verify.Diagnostic(Descriptors.PlainSharedAccess, 0, "write", "info"));

    [Fact]
    public Task Volatile_accesses_addresses_and_refs_are_not_reported() => Check(
        """
        public static ulong M(Ring* ring, nuint startInfo)
            {
                ulong head = VolatileAccess.Read(&ring->Head);
                VolatileAccess.Write(&ring->Tail, head + 1);
                ulong* regs = Device.Registers;
                ulong r = System.Threading.Volatile.Read(ref *regs);
                ref ulong tail = ref ring->Tail;
                var bytes = new ReadOnlyVolatileSpan<byte>((byte*)ring + 8, 8);
                return r + bytes[0] + (ulong)sizeof(Ring);
            }
        """);

    [Fact]
    public Task Private_memory_is_not_reported() => Check(
        """
        public static ulong M(Private* mine, ulong* words)
            {
                mine->Value = 3;
                words[0] = *words + mine->Value;
                ulong* local = stackalloc ulong[4];
                local[1] = 2;
                return local[1];
            }
        """);
}
