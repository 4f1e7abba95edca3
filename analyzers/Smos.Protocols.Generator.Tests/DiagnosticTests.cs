// The protocol generator's diagnostics: each unsupported declaration is reported with its reason and its fix, and nothing is generated.
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class DiagnosticTests
{
    private static Diagnostic Single(string members, string attribute = "[SmosProtocol(\"bad\", Version = 1)]", string extra = "")
    {
        string source = $$"""
            using System;
            using Smos.Protocol;
            namespace Bad;
            public struct Point { public int X; }
            {{extra}}
            {{attribute}}
            public interface IBad
            {
            {{members}}
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source, withLibsmos: true);
        Assert.Empty(run.Generated);
        return Assert.Single(run.GeneratorDiagnostics);
    }

    private const string Structs = """
        public struct Secret { private int _x; public int Y; }
        public struct Named { public int Id; public string Name; }
        public struct Frozen { public readonly int X; }
        public struct Wide { public long A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P; }
        """;

    [Theory]
    [InlineData("void Wait(double seconds);", "Parameter 'seconds' of IBad.Wait", "double", "use an integer type (byte..ulong), bool or an enum, string, byte[]")]
    [InlineData("void Grab(IntPtr p);", "Parameter 'p' of IBad.Grab", "nint", "use an integer type (byte..ulong), bool or an enum, string, byte[]")]
    [InlineData("void Hide(Secret s);", "Parameter 's' of IBad.Hide", "Bad.Secret", "every instance field must be public, not readonly")]
    [InlineData("void Tag(Named n);", "Parameter 'n' of IBad.Tag", "Bad.Named", "('Name' is not)")]
    [InlineData("void Keep(Frozen f);", "Parameter 'f' of IBad.Keep", "Bad.Frozen", "every instance field must be public, not readonly")]
    [InlineData("void Greet(string[] names);", "Parameter 'names' of IBad.Greet", "string[]", "an array's elements must be an integer type")]
    [InlineData("ReadOnlySpan<byte> Data();", "The result of IBad.Data", "System.ReadOnlySpan<byte>", "a result cannot be a span (it would outlive the reply): return byte[]")]
    [InlineData("Result<double> Where();", "The result of IBad.Where", "Smos.Protocol.Result<double>", "use an integer type (byte..ulong), bool or an enum, string, byte[]")]
    public void AnUnsupportedTypeSaysWhichAndWhatToUse(string member, string what, string type, string fix)
    {
        Diagnostic d = Single(member, extra: Structs);
        Assert.Equal("SMOS101", d.Id);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(what, message, System.StringComparison.Ordinal);
        Assert.Contains($"'{type}'", message, System.StringComparison.Ordinal);
        Assert.Contains(fix, message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTypeIsLeftToTheCompilerAndNothingIsGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Smos.Protocol;
            [SmosProtocol("u")]
            public interface IU { void Send(ReadOnlySpan<byte> data); Result<Missing> Get(); }
            """, withLibsmos: true);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Generated);
        Assert.Contains(run.Errors, e => e.Id == "CS0246" && e.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("ReadOnlySpan<>", System.StringComparison.Ordinal));
    }

    [Fact]
    public void AOneWayMethodWithAResultIsReported()
    {
        Diagnostic d = Single("[OneWay] int Ping();");
        Assert.Equal("SMOS106", d.Id);
        Assert.Contains("a [OneWay] method gets no reply, so it returns void", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Event] int Changed();", "an event gets no reply, so it returns void")]
    [InlineData("[Event, OneWay] void Changed();", "drop one of the two attributes")]
    [InlineData("[Event] void Wake(Smos.Sel4.Notification n);", "an event carries no capability or ReadOnlySpan<byte>")]
    [InlineData("[Event] void Data(ReadOnlySpan<byte> d);", "use byte[]")]
    [InlineData("[Event] void Big(Wide a, Wide b, Wide c, Wide d, Wide e, Wide f, Wide g, int h, int i, int j, int k, int l, int m, int n);", "an event carries at most 118 words and this one needs 119 at least")]
    public void AnEventThatCannotBeQueuedIsReportedWithTheFix(string member, string why)
    {
        Diagnostic d = Single(member, extra: Structs);
        Assert.Equal("SMOS106", d.Id);
        Assert.Contains(why, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverloadIsReportedWithTheFix()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using Smos.Protocol;
            [SmosProtocol("o")]
            public interface IO { int Get(int a); int Get(long a); }
            """, withLibsmos: true);
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("SMOS102", d.Id);
        Assert.Contains("more than one method named 'Get': give each method its own name", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Empty(run.Generated);
    }

    [Theory]
    [InlineData("void Swap(ref int a);", "a ref parameter")]
    [InlineData("void Get(out int a);", "a out parameter")]
    [InlineData("void Look(in int a);", "a in parameter")]
    [InlineData("void Sum(params int[] a);", "a params parameter")]
    public void RefOutInAndParamsParametersAreReported(string member, string kind)
    {
        Diagnostic d = Single(member);
        Assert.Equal("SMOS103", d.Id);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(kind, message, System.StringComparison.Ordinal);
        Assert.Contains("pass it by value", message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThan120WordsIsReported()
    {
        Diagnostic d = Single("void Big(Wide a, Wide b, Wide c, Wide d, Wide e, Wide f, Wide g, Wide i, string h);", extra: Structs);
        Assert.Equal("SMOS104", d.Id);
        Assert.Contains("IBad.Big takes at least 129 words, but a message carries at most 120", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThanOneCapabilityIsReported()
    {
        Diagnostic d = Single("void Pair(Smos.Sel4.Endpoint a, int x, Smos.Sel4.Notification b);");
        Assert.Equal("SMOS107", d.Id);
        Assert.Contains("IBad.Pair takes 2 capabilities, but a message carries one at most", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("void Many(Smos.Sel4.Notification[] n);", "an array's elements must be")]
    [InlineData("void Held(Holder h);", "a struct travels field by field")]
    [InlineData("void Other(Smos.Sel4.CNode c);", "a capability (Endpoint or Notification)")]
    public void CapabilitiesOnlyTravelAsAParameterOrTheResult(string member, string why)
    {
        Diagnostic d = Single(member, extra: "public struct Holder { public Smos.Sel4.Endpoint E; }");
        Assert.Equal("SMOS101", d.Id);
        Assert.Contains(why, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int Count { get; }", "a property")]
    [InlineData("event Action Changed;", "a event")]
    [InlineData("void Generic<T>(int a);", "a generic method")]
    [InlineData("static int Zero() => 0;", "static")]
    [InlineData("int One() => 1;", "a method with a body")]
    public void MembersOtherThanPlainMethodsAreReported(string member, string what)
    {
        Diagnostic d = Single(member);
        Assert.Equal("SMOS105", d.Id);
        Assert.Contains(what + ": a protocol interface declares only non-generic instance methods", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[SmosProtocol(\"\")]", "the protocol name must be 1-32 printable ASCII characters")]
    [InlineData("[SmosProtocol(\"two words\")]", "the protocol name must be 1-32 printable ASCII characters")]
    [InlineData("[SmosProtocol(\"v\", Version = 256)]", "Version = 256 is outside 0-255")]
    public void ABadNameOrVersionIsReported(string attribute, string reason)
    {
        Diagnostic d = Single("void Ping();", attribute);
        Assert.Equal("SMOS106", d.Id);
        Assert.Contains(reason, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDiagnosticIsAnErrorWithAHelpLink()
    {
        foreach (DiagnosticDescriptor d in new[] { Diagnostics.UnsupportedType, Diagnostics.Overload, Diagnostics.RefParameter, Diagnostics.TooManyWords, Diagnostics.UnsupportedMember, Diagnostics.BadProtocol })
        {
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.StartsWith("docs/protocols.md#", d.HelpLinkUri, System.StringComparison.Ordinal);
        }
    }
}
