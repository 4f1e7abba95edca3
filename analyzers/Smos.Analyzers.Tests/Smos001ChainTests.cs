// SMOS001 across functions: a call, while a scope is open, of a function of the compilation that makes a system call
// (through any number of calls, other files, accessors, constructors, resolvable virtual calls), and scopes passed as parameters.
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos001ChainTests
{
    private static Task Check(string body, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<IpcScopeAnalyzer>(Wrap(body), true, expected);

    private static string Wrap(string body) => $$"""
        using System;
        using Smos.Sel4;

        public static class C
        {
            {{body}}
        }
        """;

    private static DiagnosticResult At(int location, string operation, string scope = "'w'") =>
        Verify.Diagnostic(Descriptors.CallInScope, location, operation, scope);

    [Fact]
    public Task Helper_one_level_down_is_reported_at_the_call_in_the_scope() => Check(
        """
        public static void M(Endpoint ep)
            {
                using (var w = Ipc.Write())
                {
                    w.SetMr(0, 42);
                    {|#0:Helper(ep)|};
                }

                Helper(ep);
            }

            private static void Helper(Endpoint ep) => ep.Call(new MessageInfo(1, 0, 0, 1));
        """,
        At(0, "Endpoint.Call (through 'Helper')"));

    [Fact]
    public Task Helper_two_levels_down_names_the_whole_chain() => Check(
        """
        public static void M(Endpoint ep)
            {
                using var w = Ipc.Write();
                w.SetMr(0, 42);
                {|#0:Helper(ep)|};
            }

            private static void Helper(Endpoint ep)
            {
                ulong label = 1;
                SendIt(ep, label);
            }

            private static void SendIt(Endpoint ep, ulong label) => ep.Call(new MessageInfo(label, 0, 0, 1));
        """,
        At(0, "Endpoint.Call (through 'Helper' -> 'SendIt')"));

    [Fact]
    public Task The_shortest_chain_is_named() => Check(
        """
        public static void M(Endpoint ep)
            {
                using var w = Ipc.Write();
                {|#0:Outer(ep)|};
            }

            private static void Outer(Endpoint ep)
            {
                Long1(ep);
                Short(ep);
            }

            private static void Long1(Endpoint ep) => Long2(ep);
            private static void Long2(Endpoint ep) => Short(ep);
            private static void Short(Endpoint ep) => ep.Send(default);
        """,
        At(0, "Endpoint.Send (through 'Outer' -> 'Short')"));

    [Fact]
    public Task Recursion_and_cycles_terminate_and_are_reported_only_when_they_reach_a_call() => Check(
        """
        public static void M(Endpoint ep, int n)
            {
                using var w = Ipc.Write();
                Ping(n);
                Self(n);
                {|#0:Even(ep, n)|};
            }

            private static int Ping(int n) => n == 0 ? 0 : Pong(n - 1);
            private static int Pong(int n) => n == 0 ? 1 : Ping(n - 1);
            private static int Self(int n) => n == 0 ? 0 : Self(n - 1) + 1;

            private static void Even(Endpoint ep, int n)
            {
                if (n > 0)
                {
                    Odd(ep, n - 1);
                }
            }

            private static void Odd(Endpoint ep, int n)
            {
                Even(ep, n);
                if (n == 1)
                {
                    ep.Send(default);
                }
            }
        """,
        At(0, "Endpoint.Send (through 'Even' -> 'Odd')"));

    [Fact]
    public Task Helper_in_another_file_and_partial_class_is_followed()
    {
        var test = new SmosAnalyzerTest<IpcScopeAnalyzer>(
            """
            using Smos.Sel4;

            public static partial class Client
            {
                public static void M(Endpoint ep)
                {
                    using (var w = Ipc.Write())
                    {
                        {|#0:Flush(ep)|};
                        {|#1:Transport.Deliver(ep)|};
                    }
                }
            }
            """,
            target: true);
        test.TestState.Sources.Add(("/0/ClientMore.cs", """
            using Smos.Sel4;

            public static partial class Client
            {
                private static void Flush(Endpoint ep) => Transport.Deliver(ep);
            }

            public static class Transport
            {
                public static void Deliver(Endpoint ep) => ep.NBSend(default);
            }
            """));
        test.ExpectedDiagnostics.Add(At(0, "Endpoint.NBSend (through 'Flush' -> 'Deliver')"));
        test.ExpectedDiagnostics.Add(At(1, "Endpoint.NBSend (through 'Deliver')"));
        return test.RunAsync();
    }

    [Fact]
    public Task Property_getter_setter_indexer_and_constructor_that_call_are_reported() => Check(
        """
        private static Notification s_pending;

            private static ulong Pending => s_pending.Poll();

            private static ulong Flag
            {
                get => 0;
                set => s_pending.Signal();
            }

            private sealed class Mailbox
            {
                public Mailbox(Endpoint ep) => ep.Send(default);
                public ulong this[int i] => Clock.Recheck(i);
            }

            private static class Clock
            {
                public static ulong Recheck(int i) { Scheduler.Yield(); return (ulong)i; }
            }

            public static void M(Endpoint ep)
            {
                using var w = Ipc.Write();
                w.SetMr(0, {|#0:Pending|});
                ulong f = Flag;
                {|#1:Flag|} = 1;
                var box = {|#2:new Mailbox(ep)|};
                w.SetMr(1, {|#3:box[2]|} + f);
            }
        """,
        At(0, "Notification.Poll (through getter 'Pending')"),
        At(1, "Notification.Signal (through setter 'Flag')"),
        At(2, "Endpoint.Send (through constructor 'Mailbox')"),
        At(3, "Scheduler.Yield (through getter 'this[]' -> 'Recheck')"));

    [Fact]
    public Task Constructor_initializers_are_followed() => Check(
        """
        public class Connection
            {
                public Connection(Endpoint ep) => ep.Call(default);
            }

            public sealed class Named : Connection
            {
                public Named(Endpoint ep, ulong name) : this(ep) { }
                private Named(Endpoint ep) : base(ep) { }
            }

            public static void M(Endpoint ep)
            {
                using var w = Ipc.Write();
                var c = {|#0:new Named(ep, 1)|};
            }
        """,
        At(0, "Endpoint.Call (through constructor 'Named' -> constructor 'Named' -> constructor 'Connection')"));

    [Fact]
    public Task Helpers_that_make_no_system_call_are_not_reported() => Check(
        """
        public static ulong M(Endpoint ep, ulong x)
            {
                ulong sum;
                using (var w = Ipc.Write())
                {
                    sum = Add(x, Math.Max(x, 3)) + Label(new MessageInfo(1, 0, 0, 1)) + Later(ep).Cptr;
                    w.SetMr(0, sum);
                    w.SetMr(1, ep.Cptr);
                }

                ep.Call(default);
                return sum;
            }

            private static ulong Add(ulong a, ulong b) => a + b;
            private static ulong Label(MessageInfo info) => info.Label;
            private static Endpoint Later(Endpoint ep)
            {
                Action send = () => ep.Send(default); // made into a delegate, not called here
                return ep;
            }
        """);

    [Fact]
    public Task Virtual_and_interface_calls_are_followed_only_when_the_implementation_is_known() => Check(
        """
        public interface ISender { void Send(); }

            public class Base { public virtual void Send(Endpoint ep) => ep.Send(default); }

            public sealed class Direct : Base, ISender
            {
                public Endpoint Ep;
                public override void Send(Endpoint ep) => ep.NBSend(default);
                public void Send() => Ep.Send(default);
            }

            public struct Quiet : ISender { public void Send() { } }

            public static void M(Endpoint ep, ISender any, Base open, Direct direct, Quiet quiet)
            {
                using var w = Ipc.Write();
                any.Send();                    // interface dispatch: not followed
                open.Send(ep);                 // virtual dispatch on an open class: not followed
                quiet.Send();                  // a struct: its own Send, which makes no call
                {|#0:direct.Send()|};          // a sealed class: its implementation is known
                {|#1:direct.Send(ep)|};
                {|#2:new Base().Send(ep)|};    // a new object: its exact type is known
            }
        """,
        At(0, "Endpoint.Send (through 'Send')"),
        At(1, "Endpoint.NBSend (through 'Send')"),
        At(2, "Endpoint.Send (through 'Send')"));

    [Fact]
    public Task Scope_passed_to_a_method_that_calls_is_reported_in_the_callee() => Check(
        """
        public static void M(Endpoint ep)
            {
                using (var w = Ipc.Write())
                {
                    Fill(w, ep);               // judged in Fill, where w is open
                    Finish(w, ep);
                }
            }

            private static void Fill(IpcWriter w, Endpoint ep)
            {
                w.SetMr(0, 1);
                {|#0:ep.Call(new MessageInfo(1, 0, 0, 1))|};
            }

            private static void Sanitize(ref IpcWriter w)
            {
                w.SetMr(1, 2);
                {|#1:Ring()|};
            }

            private static void Ring() => Scheduler.Yield();

            private static void Finish(IpcWriter w, Endpoint ep)
            {
                w.SetMr(2, 3);
                w.Dispose();
                ep.Call(default);              // the parameter's scope ended above
            }
        """,
        At(0, "Endpoint.Call"),
        At(1, "Scheduler.Yield (through 'Ring')"));

    [Fact]
    public Task A_using_scope_handed_to_a_method_stays_open_unless_it_disposes_it_and_a_plain_local_is_given_away() => Check(
        """
        public static void M(Endpoint ep)
            {
                using (var w = Ipc.Write())
                {
                    Write(w);
                    {|#0:ep.Call(default)|};
                }

                using (var w = Ipc.Write())
                {
                    End(w);
                    ep.Call(default);
                }

                var owned = Ipc.Write();
                Write(owned);
                ep.Call(default);
            }

            private static void Write(IpcWriter w) => w.SetMr(0, 1);
            private static void End(IpcWriter w) => w.Dispose();
        """,
        At(0, "Endpoint.Call"));

    [Fact]
    public Task The_same_patterns_in_lambdas_and_local_functions() => Check(
        """
        public delegate void Composer(IpcWriter w);

            public static void M(Endpoint ep)
            {
                Action compose = () =>
                {
                    using var w = Ipc.Write();
                    {|#0:Helper(ep)|};
                };
                Composer filler = w =>
                {
                    w.SetMr(0, 1);
                    {|#1:Helper(ep)|};
                };
                void Notify() => Helper(ep);
                using (var w = Ipc.Write())
                {
                    {|#2:Notify()|};
                    {|#3:compose()|};
                }
            }

            private static void Helper(Endpoint ep) => ep.Send(default);
        """,
        At(0, "Endpoint.Send (through 'Helper')"),
        At(1, "Endpoint.Send (through 'Helper')"),
        At(2, "Endpoint.Send (through local function 'Notify' -> 'Helper')"),
        At(3, "Endpoint.Send (through lambda 'compose' -> 'Helper')"));

    [Fact]
    public Task Extension_generic_and_instance_helpers_are_followed() => Check(
        """
        public static void Post(this Endpoint ep) => ep.Send(default);
            public static T Echo<T>(Endpoint ep, T value) { ep.Call(default); return value; }

            public sealed class Session
            {
                private readonly Endpoint _ep;
                public Session(Endpoint ep) => _ep = ep;
                public void Close() => _ep.Send(default);
            }

            public static void M(Endpoint ep, Session session)
            {
                using var r = Ipc.Read();
                {|#0:ep.Post()|};
                ulong x = {|#1:Echo(ep, 5UL)|};
                {|#2:session.Close()|};
            }
        """,
        At(0, "Endpoint.Send (through 'Post')", "'r'"),
        At(1, "Endpoint.Call (through 'Echo')", "'r'"),
        At(2, "Endpoint.Send (through 'Close')", "'r'"));
}
