// SMOS002: scopes that are discarded, never disposed, returned or stored are reported; scopes in a using are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos002Tests
{
    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<IpcScopeAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos.Sel4;

        public ref struct Holder
        {
            public IpcWriter Writer;
        }

        public static class C
        {
            {{body}}
        }
        """;

    [Fact]
    public Task Discarded_results_are_reported() => Check(
        """
        public static void M()
            {
                {|#0:Ipc.Write()|};
                _ = {|SMOS002:Ipc.Read()|};
                {|SMOS002:Ipc.TryWrite(out _)|};
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.Write()", "discarded"));

    [Fact]
    public Task Local_never_disposed_is_reported() => Check(
        """
        public static void M()
            {
                var w = {|#0:Ipc.Write()|};
                w.SetMr(0, 1);
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.Write()", "never disposed"));

    [Fact]
    public Task Out_scope_never_disposed_is_reported() => Check(
        """
        public static ulong M()
            {
                if ({|#0:Ipc.TryRead(out IpcReader r)|} != IpcViolation.None)
                {
                    return 0;
                }

                return r.GetMr(0);
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.TryRead(out ...)", "never disposed"));

    [Fact]
    public Task Temporary_receiver_is_reported() => Check(
        """
        public static ulong M() => {|#0:Ipc.Read()|}.GetMr(0);
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.Read()", "used once and never disposed"));

    [Fact]
    public Task Returned_scope_and_local_are_reported() => Check(
        """
        public static IpcWriter Open() => {|#0:Ipc.Write()|};

            public static IpcReader OpenRead()
            {
                IpcReader r = {|#1:Ipc.Read()|};
                return r;
            }

            public static void OpenOut(out IpcWriter w) => w = {|SMOS002:Ipc.Write()|};
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.Write()", "handed out of the method that opened it"),
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 1, "Ipc.Read()", "handed out of the method that opened it"));

    [Fact]
    public Task Scope_stored_in_a_ref_struct_field_is_reported() => Check(
        """
        public static void M(ref Holder holder)
            {
                holder.Writer = {|#0:Ipc.Write()|};
                var w = {|#1:Ipc.Write()|};
                holder.Writer = w;
            }
        """,
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 0, "Ipc.Write()", "stored in a field"),
        Verify.Diagnostic(Descriptors.ScopeNotDisposed, 1, "Ipc.Write()", "stored in a field"));

    [Fact]
    public Task Using_forms_dispose_and_hand_over_are_not_reported() => Check(
        """
        public static void M()
            {
                using (var w = Ipc.Write()) { w.SetMr(0, 1); }
                using (Ipc.Read()) { }
                using var r = Ipc.Read();
                IpcWriter x = Ipc.Write();
                x.Dispose();
                if (Ipc.TryWrite(out IpcWriter t) == IpcViolation.None)
                {
                    End(t);
                }

                Ipc.Write().Dispose();
            }

            private static void End(IpcWriter writer) => writer.Dispose();
        """);

    [Fact]
    public Task Try_scope_disposed_on_the_path_that_opened_it_is_not_reported() => Check(
        """
        public static IpcViolation M(Endpoint ep)
            {
                IpcViolation v = Ipc.TryWrite(out IpcWriter outer);
                IpcViolation call = ep.TryCall(default, out _);
                outer.Dispose();
                return v == IpcViolation.None ? call : v;
            }
        """);
}
