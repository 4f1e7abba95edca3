// The code fixes: SMOS001 ends the scope before the call (both using forms, with hoisting, also a call through a helper); SMOS002 adds using.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class CodeFixTests
{
    private static Task Fix001(string before, string after) =>
        Verify.CodeFixAsync<IpcScopeAnalyzer, EndScopeBeforeCallCodeFix>(before, after);

    [Fact]
    public Task Smos001_using_statement_is_split_before_the_call() => Fix001(
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint, ulong x)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                    {|SMOS001:endpoint.Call(new MessageInfo(1, 0, 0, 1))|};
                    x++;
                }
            }
        }
        """,
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint, ulong x)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                }

                endpoint.Call(new MessageInfo(1, 0, 0, 1));
                x++;
            }
        }
        """);

    [Fact]
    public Task Smos001_call_of_a_helper_that_calls_is_moved_out_of_the_scope() => Fix001(
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                    {|SMOS001:Send(endpoint)|};
                }
            }

            private static void Send(Endpoint endpoint) => endpoint.Call(new MessageInfo(1, 0, 0, 1));
        }
        """,
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                }

                Send(endpoint);
            }

            private static void Send(Endpoint endpoint) => endpoint.Call(new MessageInfo(1, 0, 0, 1));
        }
        """);

    [Fact]
    public Task Smos001_using_declaration_becomes_a_using_statement_before_the_call() => Fix001(
        """
        using Smos.Sel4;

        public static class C
        {
            public static ulong M(Endpoint endpoint)
            {
                using var w = Ipc.Write();
                w.SetMr(0, 7);
                MessageInfo reply = {|SMOS001:endpoint.Call(new MessageInfo(1, 0, 0, 1))|};
                return reply.Label;
            }
        }
        """,
        """
        using Smos.Sel4;

        public static class C
        {
            public static ulong M(Endpoint endpoint)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 7);
                }

                MessageInfo reply = endpoint.Call(new MessageInfo(1, 0, 0, 1));
                return reply.Label;
            }
        }
        """);

    [Fact]
    public Task Smos001_locals_used_after_the_call_are_declared_before_the_scope() => Fix001(
        """
        using System;
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint, ReadOnlySpan<byte> text)
            {
                using (var w = Ipc.Write())
                {
                    var words = w.CopyIn(1, text);
                    w.SetMr(0, (ulong)text.Length);
                    {|SMOS001:endpoint.Send(new MessageInfo(1, 0, 0, 1 + words))|};
                }
            }
        }
        """,
        """
        using System;
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint, ReadOnlySpan<byte> text)
            {
                int words;
                using (var w = Ipc.Write())
                {
                    words = w.CopyIn(1, text);
                    w.SetMr(0, (ulong)text.Length);
                }

                endpoint.Send(new MessageInfo(1, 0, 0, 1 + words));
            }
        }
        """);

    [Fact]
    public Task Smos001_no_fix_when_the_moved_code_still_uses_the_scope() => Fix001(
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint)
            {
                using (var w = Ipc.Write())
                {
                    {|SMOS001:endpoint.Send(default)|};
                    w.SetMr(0, 1);
                }
            }
        }
        """,
        """
        using Smos.Sel4;

        public static class C
        {
            public static void M(Endpoint endpoint)
            {
                using (var w = Ipc.Write())
                {
                    {|SMOS001:endpoint.Send(default)|};
                    w.SetMr(0, 1);
                }
            }
        }
        """);

    [Fact]
    public Task Smos002_local_scope_becomes_a_using_declaration() =>
        Verify.CodeFixAsync<IpcScopeAnalyzer, UseUsingCodeFix>(
            """
            using Smos.Sel4;

            public static class C
            {
                public static ulong M()
                {
                    // Read the reply.
                    var r = {|SMOS002:Ipc.Read()|};
                    return r.GetMr(0);
                }
            }
            """,
            """
            using Smos.Sel4;

            public static class C
            {
                public static ulong M()
                {
                    // Read the reply.
                    using var r = Ipc.Read();
                    return r.GetMr(0);
                }
            }
            """);
}
