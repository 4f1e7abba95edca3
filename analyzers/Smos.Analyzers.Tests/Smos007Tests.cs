// SMOS007: a copied scope, a span used outside its scope and a scope used after Dispose are errors; uses inside are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos007Tests
{
    private const string Copy = "use the scope itself; pass it to a method as an argument if you must";
    private const string KeepSpan = "keep every use of a span inside its scope";
    private const string KeepLocal = "keep the span a local inside the scope";

    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<ScopeEscapeAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos.Sel4;

        public ref struct Holder
        {
            public VolatileSpan<ulong> Span;
        }

        public static class C
        {
            {{body}}
        }
        """;

    [Fact]
    public Task Spans_used_inside_their_scope_are_fine() => Check(
        """
        public static ulong M()
            {
                using (var w = Ipc.Write())
                {
                    VolatileSpan<ulong> mr = w.MessageRegisters;
                    VolatileSpan<ulong> tail = mr.Slice(4, 2);
                    mr[0] = 1;
                    tail[0] = 2;
                }

                using var r = Ipc.Read();
                ReadOnlyVolatileSpan<ulong> rr = r.MessageRegisters;
                return rr[0] + r.Badges[0];
            }
        """);

    [Fact]
    public Task A_span_used_after_its_using_block_is_reported() => Check(
        """
        public static void M()
            {
                VolatileSpan<ulong> mr;
                using (var w = Ipc.Write())
                {
                    mr = w.MessageRegisters;
                    mr[0] = 1;
                }

                {|#0:mr|}[1] = 2;
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeEscape, 0, "uses the span 'mr' of the IPC-buffer scope 'w' after the scope ended", KeepSpan));

    [Fact]
    public Task A_slice_used_after_Dispose_is_reported() => Check(
        """
        public static void M()
            {
                var w = Ipc.Write();
                var caps = w.ExtraCaps.Slice(0, 1);
                caps[0] = 5;
                w.Dispose();
                {|#0:caps|}[0] = 6;
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeEscape, 0, "uses the span 'caps' of the IPC-buffer scope 'w' after the scope ended", KeepSpan));

    [Fact]
    public Task A_span_returned_or_stored_out_of_the_method_is_reported() => Check(
        """
        public static VolatileSpan<ulong> Registers(IpcWriter w) => {|#0:w.MessageRegisters|};

            public static VolatileSpan<ulong> Kept(IpcWriter w)
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                return {|#1:mr|};
            }

            public static void Out(IpcWriter w, ref Holder holder)
            {
                holder.Span = {|#2:w.MessageRegisters|};
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeEscape, 0, "hands a span of the IPC-buffer scope 'w' out of the method", KeepLocal),
        Verify.Diagnostic(Descriptors.ScopeEscape, 1, "hands a span of the IPC-buffer scope 'w' out of the method", KeepLocal),
        Verify.Diagnostic(Descriptors.ScopeEscape, 2, "hands a span of the IPC-buffer scope 'w' out of the method", KeepLocal));

    [Fact]
    public Task A_copy_of_a_scope_is_reported() => Check(
        """
        public static void M()
            {
                var w = Ipc.Write();
                IpcWriter copy = {|#0:w|};
                IpcWriter other;
                other = {|#1:w|};
                w.Dispose();
            }

            public static IpcReader Back(IpcReader r) => {|#2:r|};
        """,
        Verify.Diagnostic(Descriptors.ScopeEscape, 0, "copies the IPC-buffer scope 'w'", Copy),
        Verify.Diagnostic(Descriptors.ScopeEscape, 1, "copies the IPC-buffer scope 'w'", Copy),
        Verify.Diagnostic(Descriptors.ScopeEscape, 2, "copies the IPC-buffer scope 'r' out of the method", "open and end a scope in the same method"));

    [Fact]
    public Task A_scope_used_after_Dispose_is_reported_until_it_is_opened_again() => Check(
        """
        public static void M()
            {
                var w = Ipc.Write();
                w.SetMr(0, 1);
                w.Dispose();
                {|#0:w|}.SetMr(1, 2);
                w.Dispose();
                w = Ipc.Write();
                w.SetMr(2, 3);
                w.Dispose();

                if (Ipc.TryRead(out IpcReader r) == IpcViolation.None)
                {
                    _ = r.GetMr(0);
                }

                r.Dispose();
                _ = {|#1:r|}.GetMr(1);
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeEscape, 0, "uses the IPC-buffer scope 'w' after it ended", "open a new scope for the next message"),
        Verify.Diagnostic(Descriptors.ScopeEscape, 1, "uses the IPC-buffer scope 'r' after it ended", "open a new scope for the next message"));

    [Fact]
    public Task A_scope_passed_to_a_helper_is_fine() => Check(
        """
        public static void Fill(IpcWriter w, ulong value)
            {
                VolatileSpan<ulong> mr = w.MessageRegisters;
                mr[0] = value;
            }

            public static void M()
            {
                using var w = Ipc.Write();
                Fill(w, 7);
                w.SetMr(1, 8);
            }
        """);

    [Fact]
    public Task Shared_memory_spans_are_not_judged() => Check(
        """
        public static unsafe VolatileSpan<ulong> Page(ulong* p) => new VolatileSpan<ulong>(p, 512);

            public static unsafe ulong M(ulong* p)
            {
                VolatileSpan<ulong> page = Page(p);
                using (var r = Ipc.Read())
                {
                    page[0] = r.GetMr(0);
                }

                return page[0];
            }
        """);
}
