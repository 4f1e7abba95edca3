// SMOS001: system calls and IPC inside an open IPC-buffer scope are reported; the docs/ipc.md patterns are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos001Tests
{
    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<IpcScopeAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos.Sel4;

        public static class C
        {
            {{body}}
        }
        """;

    [Fact]
    public Task Call_inside_using_block_is_reported_with_operation_and_scope() => Check(
        """
        public static void M(Endpoint ep)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                    {|#0:ep.Call(new MessageInfo(1, 0, 0, 1))|};
                }
            }
        """,
        Verify.Diagnostic(Descriptors.CallInScope, 0, "Endpoint.Call", "'w'"));

    [Fact]
    public Task Every_kind_of_system_call_is_reported_inside_a_read_scope() => Check(
        """
        public static void M(Endpoint ep, Notification n, CNode cnode, Tcb tcb, Page page, IrqHandler irq)
            {
                using var r = Ipc.Read();
                {|SMOS001:ep.Send(default)|};
                {|SMOS001:ep.NBSend(default)|};
                {|SMOS001:ep.Recv(out _)|};
                {|SMOS001:ep.NBRecv(out _)|};
                {|SMOS001:ep.ReplyRecv(default, out _)|};
                {|SMOS001:Ipc.Reply(default)|};
                {|SMOS001:n.Signal()|};
                {|SMOS001:n.Wait()|};
                {|SMOS001:n.Poll()|};
                {|SMOS001:Scheduler.Yield()|};
                {|SMOS001:Debug.IdentifyCap(5)|};
                {|SMOS001:cnode.Delete(5)|};
                {|SMOS001:tcb.Resume()|};
                {|SMOS001:page.Unmap()|};
                {|SMOS001:irq.Ack()|};
            }
        """);

    [Fact]
    public Task Correct_write_end_call_read_pattern_is_not_reported() => Check(
        """
        public static ulong M(Endpoint endpoint, ulong receiveSlot)
            {
                using (var w = Ipc.Write())
                {
                    w.SetReceiveSlot(InitialCaps.InitThreadCNode, receiveSlot, 64);
                    w.SetMr(0, 42);
                }

                MessageInfo reply = endpoint.Call(new MessageInfo(label: 1, 0, 0, length: 1));
                ulong value;
                using (var r = Ipc.Read())
                {
                    value = r.GetMr(0);
                }

                return value + (ulong)reply.Length;
            }
        """);

    [Fact]
    public Task Call_after_explicit_dispose_is_not_reported_but_before_it_is() => Check(
        """
        public static void M(Endpoint ep)
            {
                IpcWriter w = Ipc.Write();
                w.SetMr(0, 1);
                {|SMOS001:ep.Send(default)|};
                w.Dispose();
                ep.Send(default);
            }
        """);

    [Fact]
    public Task Scope_in_one_method_and_call_in_another_is_not_reported() => Check(
        """
        public static void Compose()
            {
                using var w = Ipc.Write();
                w.SetMr(0, 1);
            }

            public static void Send(Endpoint ep) => ep.Send(new MessageInfo(1, 0, 0, 1));
        """);

    [Fact]
    public Task Using_declaration_scope_ends_with_its_block() => Check(
        """
        public static void M(Endpoint ep, bool b)
            {
                if (b)
                {
                    using var w = Ipc.Write();
                    w.SetMr(0, 1);
                }

                ep.Send(default);
                using var r = Ipc.Read();
                {|SMOS001:ep.Send(default)|};
            }
        """);

    [Fact]
    public Task TryWrite_scope_is_open_until_disposed_and_TryCall_is_allowed() => Check(
        """
        public static IpcViolation M(Endpoint ep)
            {
                if (Ipc.TryWrite(out IpcWriter w) != IpcViolation.None)
                {
                    return IpcViolation.WriteWhileWriting;
                }

                IpcViolation v = ep.TryCall(default, out _);
                {|SMOS001:ep.Call(default)|};
                w.Dispose();
                ep.Call(default);
                return v;
            }
        """);

    [Fact]
    public Task Local_function_and_lambda_called_in_scope_are_reported_at_the_call() => Check(
        """
        public static void M(Endpoint ep)
            {
                void Notify() => ep.Send(default);
                Action yield = () => Scheduler.Yield();
                using (var w = Ipc.Write())
                {
                    {|#0:Notify()|};
                    {|#1:yield()|};
                }

                Notify();
                yield();
            }
        """,
        Verify.Diagnostic(Descriptors.CallInScope, 0, "Endpoint.Send (through local function 'Notify')", "'w'"),
        Verify.Diagnostic(Descriptors.CallInScope, 1, "Scheduler.Yield (through lambda 'yield')", "'w'"));

    [Fact]
    public Task Lambda_defined_but_not_called_in_scope_is_not_reported() => Check(
        """
        public static Action M(Endpoint ep)
            {
                using var w = Ipc.Write();
                Action later = () => ep.Send(default);
                return later;
            }
        """);

    [Fact]
    public Task Members_that_are_not_system_calls_are_not_reported() => Check(
        """
        public static void M(Endpoint ep)
            {
                using var w = Ipc.Write();
                CNode root = CNode.InitThread;
                ulong cptr = ep.Cptr;
                var info = new MessageInfo(1, 0, 0, 1);
                w.SetMr(0, cptr + info.Label);
                w.SetCap(0, root.GetHashCode() > 0 ? 1UL : 2UL);
            }
        """);

    [Fact]
    public Task Method_marked_SystemCall_outside_Sel4_is_reported() => Check(
        """
        [Smos.SystemCall]
            public static void Flush() { }

            public static void M()
            {
                using var w = Ipc.Write();
                {|#0:Flush()|};
            }
        """,
        Verify.Diagnostic(Descriptors.CallInScope, 0, "C.Flush", "'w'"));

    [Fact]
    public Task Unnamed_using_scope_names_the_opening_call() => Check(
        """
        public static void M(Endpoint ep)
            {
                using (Ipc.Read())
                {
                    {|#0:ep.Call(default)|};
                }
            }
        """,
        Verify.Diagnostic(Descriptors.CallInScope, 0, "Endpoint.Call", "opened by Ipc.Read()"));
}
