// SMOS006: each C# feature the runtime cannot run is a build error naming the feature and the alternative; supported neighbours are not.
using System.Threading.Tasks;
using Xunit;

namespace Smos.Analyzers.Tests;

public class Smos006Tests
{
    private const string Async = "there is no Task machinery; block on IPC (Endpoint.Call, Notifications.Wait) or serve requests with Server.Run";
    private const string Reflection = "types have no metadata at run time; use virtual methods, an interface or a switch over the cases";
    private const string TypeOnlyCompares = "a Type only compares (==, Equals, GetHashCode); name things with a virtual method or a constant";

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
            static abstract T {|#4:Create|}<T>();
        }

        public sealed class Store : IStore
        {
            T IStore.{|#5:Get|}<T>(int key) => default!;
            public int Count => 0;
            public static T Create<T>() => default!;
        }

        public interface IBox<T>
        {
            T Value();
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
        At(4, "a generic virtual method ('Create<...>', virtual, abstract, override or an interface member)", GvmAlternative),
        At(5, "a generic virtual method ('Get<...>', virtual, abstract, override or an interface member)", GvmAlternative));

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
    public Task Type_GetType_by_name_attribute_lookups_and_a_delegates_method_are_reported_and_instance_GetType_is_not() => Check(
        """
        using System;

        public static class C
        {
            public static int Inspect(object o, Func<int, int> f)
            {
                Type? byName = Type.{|#0:GetType|}("C");
                Type mine = o.GetType();
                Type ofType = mine.GetType();
                Attribute? a = Attribute.{|#1:GetCustomAttribute|}(typeof(C), typeof(ObsoleteAttribute));
                object m = f.{|#2:Method|};
                object? r = f.{|#3:DynamicInvoke|}(1);
                return (byName == ofType ? 1 : 0) + (a is null ? 0 : 1) + m.GetHashCode() + (r is null ? 0 : 1) + f(2);
            }
        }
        """,
        At(0, "reflection ('Type.GetType')", TypeOnlyCompares),
        At(1, "reflection ('Attribute.GetCustomAttribute')", Reflection),
        At(2, "reflection ('Delegate.Method')", Reflection),
        At(3, "reflection ('Delegate.DynamicInvoke')", Reflection));

    [Fact]
    public Task Await_foreach_await_using_and_await_in_top_level_statements_are_reported() => Verify.ExecutableAnalyzerAsync<UnsupportedFeatureAnalyzer>(
        """
        {|#0:await|} using var d = new Resource();
        {|#1:await|} foreach (int x in new Numbers())
        {
            System.Console.WriteLine(x);
        }

        {|#2:await|} d.DisposeAsync();

        public sealed class Resource : System.{|#3:IAsyncDisposable|}
        {
            public System.Threading.Tasks.{|#4:ValueTask|} DisposeAsync() => default;
        }

        public sealed class Numbers
        {
            public Enumerator GetAsyncEnumerator() => default;

            public struct Enumerator
            {
                public int Current => 1;
                public System.Threading.Tasks.{|#5:ValueTask<bool>|} MoveNextAsync() => default;
            }
        }
        """,
        At(0, "'async'/'await'", Async),
        At(1, "'async'/'await'", Async),
        At(2, "'async'/'await'", Async),
        At(3, "'IAsyncDisposable'", Async),
        At(4, "'ValueTask'", Async),
        At(5, "'ValueTask'", Async));

    [Fact]
    public Task Multi_dimensional_arrays_are_reported_and_arrays_of_arrays_are_not() => Check(
        """
        public static class Grid
        {
            public static int Sum()
            {
                int{|#0:[,]|} g = new int{|#1:[2, 3]|};
                var h = new{|#2:[,,]|} { { { 1 } } };
                int[][] rows = new int[2][];
                int[] flat = new int[2 * 3];
                return g[1, 2] + h.Length + rows.Length + flat[1 * 3 + 2];
            }
        }
        """,
        At(0, "a multi-dimensional array ('[,]')", MdAlternative),
        At(1, "a multi-dimensional array ('[,]')", MdAlternative),
        At(2, "a multi-dimensional array ('[,,]')", MdAlternative));

    private const string MdAlternative = "ILC needs array helpers the runtime does not have; use an array of arrays (T[][]) or a one-dimensional array indexed [row * width + column]";

    [Fact]
    public Task New_T_P_Invoke_and_floating_point_remainder_are_reported_and_their_neighbours_are_not() => Check(
        """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        public static class C
        {
            [DllImport("libc")]
            private static extern int {|#0:getpid|}();

            [MethodImpl(MethodImplOptions.InternalCall)]
            private static extern int Internal();

            public static T Make<T>() where T : new() => {|#1:new T()|};

            public static T MakeWith<T>(Func<T> factory) => factory();

            public static List<T> Empty<T>() => new List<T>();

            public static double Wrap(double a, double b, int i, int j, float f)
            {
                double r = a {|#2:%|} b;
                r {|#3:%=|} 2.5;
                double? maybe = a;
                double? m = maybe {|#4:%|} b;
                float g = f {|#5:%|} 2;
                const double Folded = 5.5 % 2;
                return r + (m ?? 0) + g + (i % j) + Folded + (a - b * (long)(a / b));
            }
        }
        """,
        At(0, "P/Invoke ('DllImport')", "the runtime has no interop marshalling and an app loads no native libraries; reach other processes and devices over IPC (libsmos)"),
        At(1, "'new T()' on a type parameter", "there is no Activator to run T's constructor; take a Func<T> factory or an instance from the caller (default(T) for a struct)"),
        At(2, "'%' on float or double", Fmod),
        At(3, "'%' on float or double", Fmod),
        At(4, "'%' on float or double", Fmod),
        At(5, "'%' on float or double", Fmod));

    private const string Fmod = "the runtime has no fmod; when the quotient fits a long, write a - b * (long)(a / b)";

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
