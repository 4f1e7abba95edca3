// SMOS005: allocations in the body of a server loop (an endless loop that receives) are reported; others are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos005Tests
{
    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<ServerLoopAllocationAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos.Sel4;

        public sealed class Request
        {
            public ulong Badge;
        }

        public static class C
        {
            private static object? s_last;
            private static Action? s_callback;

            private static void Handle(ulong badge, string text, params ulong[] words) { }

            {{body}}
        }
        """;

    [Fact]
    public Task Every_kind_of_allocation_in_a_while_true_server_loop_is_reported() => Check(
        """
        public static void Serve(Endpoint ep, string name)
            {
                MessageInfo info = ep.Recv(out ulong badge);
                while (true)
                {
                    var request = {|#0:new Request()|};
                    var words = {|#1:new ulong[4]|};
                    s_last = {|#2:badge|};
                    string text = {|#3:name + badge.ToString()|};
                    string line = {|#4:$"{name}: {request.Badge}"|};
                    s_callback = {|#5:() => Scheduler.Yield()|};
                    {|#6:Handle(badge, text, 1, 2)|};
                    Span<ulong> scratch = stackalloc ulong[4];
                    info = ep.ReplyRecv(info, out badge);
                }
            }
        """,
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 0, "new Request"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 1, "an array creation"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 2, "boxing a UInt64"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 3, "string concatenation"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 4, "string interpolation"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 5, "a lambda"),
        Verify.Diagnostic(Descriptors.AllocationInServerLoop, 6, "a params array"));

    [Fact]
    public Task For_ever_and_do_while_true_loops_with_Recv_are_server_loops() => Check(
        """
        public static void Serve(Endpoint ep)
            {
                for (;;)
                {
                    ep.Recv(out ulong badge);
                    s_last = {|SMOS005:new Request { Badge = badge }|};
                }
            }

            public static void Serve2(Endpoint ep)
            {
                do
                {
                    ep.Recv(out _);
                    if (s_last is null)
                    {
                        s_callback = {|SMOS005:Handle2|};
                    }
                }
                while (true);
            }

            private static void Handle2() { }
        """);

    [Fact]
    public Task Allocation_before_the_loop_and_in_other_loops_is_not_reported() => Check(
        """
        public static void Serve(Endpoint ep)
            {
                var request = new Request();
                var buffer = new byte[64];
                while (true)
                {
                    MessageInfo info = ep.Recv(out ulong badge);
                    request.Badge = badge;
                    buffer[0] = (byte)info.Length;
                    Span<byte> view = new Span<byte>(buffer, 0, 8);
                    const string fixedText = "a" + "b";
                    Handle(badge, fixedText);
                }
            }

            public static void Poll(Notification n)
            {
                while (true)
                {
                    s_last = new Request();
                    if (n.Poll() != 0)
                    {
                        return;
                    }
                }
            }

            public static void Bounded(Endpoint ep)
            {
                for (int i = 0; i < 3; i++)
                {
                    ep.Recv(out _);
                    s_last = new Request();
                }
            }
        """);

    [Fact]
    public Task Receive_only_inside_a_lambda_does_not_make_a_server_loop() => Check(
        """
        public static void M(Endpoint ep)
            {
                while (true)
                {
                    s_callback = () => ep.Recv(out _);
                    s_last = new Request();
                    break;
                }
            }
        """);
}
