// SMOS006: each C# feature the runtime cannot run is a build error naming the feature and the alternative; supported neighbours are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos006Tests
{
    private const string Async = "there is no Task machinery; block on IPC (Endpoint.Call, Notifications.Wait) or serve requests with Server.Run";
    private const string Reflection = "types have no metadata at run time; use virtual methods, an interface or a switch over the cases";

    private static Task Check(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<UnsupportedFeatureAnalyzer>(source, true, expected);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult At(int location, string feature, string alternative) =>
        Verify.Diagnostic(Descriptors.UnsupportedFeature, location, feature, alternative);

    [Fact]
    public Task Async_methods_lambdas_and_local_functions_are_reported_at_the_async_keyword() => Check(
        """
        using System.Threading.Tasks;

        public static class C
        {
            public static {|#0:async|} {|#1:Task<int>|} Get()
            {
                await {|#2:Task|}.Delay(1);
                System.Func<{|#3:Task|}> f = {|#4:async|} () => await {|#5:Task|}.Yield();
                {|#6:async|} {|#7:Task|} Local() => await {|#8:Task|}.Delay(2);
                return 1;
            }
        }
        """,
        At(0, "'async'/'await'", Async),
        At(1, "'Task'", Async),
        At(2, "'Task'", Async),
        At(3, "'Task'", Async),
        At(4, "'async'/'await'", Async),
        At(5, "'Task'", Async),
        At(6, "'async'/'await'", Async),
        At(7, "'Task'", Async),
        At(8, "'Task'", Async));

    [Fact]
    public Task Dynamic_is_reported() => Check(
        """
        public static class C
        {
            public static object Twice(object o)
            {
                {|#0:dynamic|} d = o;
                return d + d;
            }
        }
        """,
        At(0, "'dynamic'", "there is no runtime binder; use an interface, generics or pattern matching (is/switch)"));

    [Fact]
    public Task Generic_virtual_abstract_override_and_interface_methods_are_reported_and_other_generics_are_not() => Check(
        """
        public interface IStore
        {
            T {|#0:Get|}<T>(int key);
            int Count { get; }
            static T Default<T>() => default!;
        }

        public interface IBox<T>
        {
            T Value();
        }

        public interface IMaker
        {
            static abstract T {|#4:Create|}<T>();
        }

        public abstract class Base
        {
            public abstract T {|#1:Make|}<T>();
            public virtual void {|#2:Visit|}<T>(T item) { }
            public void Plain<T>(T item) { }
            public static T Static<T>(T item) => item;
        }

        public sealed class Derived : Base, IBox<int>
        {
            public override T {|#3:Make|}<T>() => default!;
            public int Value() => 1;
        }
        """,
        At(0, "a generic virtual method ('Get<...>', virtual, abstract, override or an interface member)", GvmAlternative),
        At(1, "a generic virtual method ('Make<...>', virtual, abstract, override or an interface member)", GvmAlternative),
        At(2, "a generic virtual method ('Visit<...>', virtual, abstract, override or an interface member)", GvmAlternative),
        At(3, "a generic virtual method ('Make<...>', virtual, abstract, override or an interface member)", GvmAlternative),
        At(4, "a generic virtual method ('Create<...>', virtual, abstract, override or an interface member)", GvmAlternative));

    private const string GvmAlternative = "ILC cannot call one without a type loader; make the method non-generic, non-virtual (sealed or static), or move the type parameter to the class or interface";

    [Fact]
    public Task Reflection_through_type_members_enum_names_and_reflection_types_is_reported_and_type_equality_is_not() => Check(
        """
        using System;
        using System.Reflection;

        public enum Color { Red, Green }

        public static class C
        {
            public static string Describe(object o)
            {
                Type t = o.GetType();
                bool same = t == typeof(string) && t.Equals(typeof(int)) && t.GetHashCode() != 0 && t.TypeHandle.Equals(t.TypeHandle);
                string name = t.{|#0:Name|};
                {|#1:MethodInfo|}[] methods = typeof(C).{|#2:GetMethods|}();
                object made = {|#3:Activator|}.CreateInstance(t)!;
                Color c = Enum.{|#4:Parse<Color>|}("Red");
                return name + same + methods.Length + made + c;
            }
        }
        """,
        At(0, "reflection ('Type.Name')", "a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant"),
        At(1, "reflection ('MethodInfo')", Reflection),
        At(2, "reflection ('Type.GetMethods')", "a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant"),
        At(3, "reflection ('Activator')", Reflection),
        At(4, "reflection ('Enum.Parse')", "enums have no names at run time; map values to text with a switch expression"));

    [Fact]
    public Task Lock_and_finalizers_are_reported() => Check(
        """
        public sealed class C
        {
            private readonly object _gate = new();
            private int _n;

            ~{|#0:C|}() { }

            public void Bump()
            {
                {|#1:lock|} (_gate)
                {
                    _n++;
                }
            }
        }
        """,
        At(0, "a finalizer", "the collector never runs finalizers; implement IDisposable and release the resource in Dispose (a using statement)"),
        At(1, "'lock'", "the runtime has no Monitor; an app has one thread, and state shared between threads is updated with Interlocked or Volatile"));

    [Fact]
    public Task What_the_runtime_supports_is_not_reported() => Check(
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;

        public record Point(int X, int Y);

        public sealed class Holder : IDisposable
        {
            [ThreadStatic] private static int t_count;
            public IEnumerable<int> Evens(int n) { for (int i = 0; i < n; i += 2) { yield return i; } }
            public void Dispose() => t_count++;
            public int Sum() => Evens(10).Where(x => x > 2).Select(x => x * 2).Sum() + new Point(1, 2).X;
            public bool IsPoint(object o) => o.GetType() == typeof(Point) && o is Point { X: 1 };
            public string Text(Dictionary<string, int> d) => $"{d.Count} {string.Join(",", d.Keys)}";
        }
        """);
}
