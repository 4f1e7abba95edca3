// The words path on the host: the store sample through its generated client and server, malformed requests, and the fuzzers.
using System;
using System.IO;
using System.Reflection;
using Smos.Lib;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class WordsPathTests
{
    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> Sample = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "StoreSample.cs"));
        GeneratorRun run = GeneratorHarness.Run(source, withLibsmos: true);
        Assert.True(run.Errors.Count == 0, string.Join(Environment.NewLine, run.Errors) + Environment.NewLine + string.Join(Environment.NewLine, run.Generated));
        return (run, GeneratorHarness.Load(run.Output));
    });

    private static readonly Lazy<Assembly> Calc = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "CalcSample.cs"));
        return GeneratorHarness.Load(GeneratorHarness.Run(source, withLibsmos: true).Output);
    });

    [Fact]
    public void TheSampleCompilesAndItsScopesEndBeforeTheCall()
    {
        string generated = Assert.Single(Sample.Value.Run.Generated);
        Assert.Empty(Sample.Value.Run.GeneratorDiagnostics);
        Assert.Contains("using IpcWriter w = Ipc.Write();", generated, StringComparison.Ordinal);
        Assert.Contains("public static bool OnWords(ulong label) => (label & 0xFFUL) is 1UL or 2UL or 3UL or 4UL or 5UL or 6UL or 8UL or 9UL or 10UL or 11UL or 12UL or 14UL;", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMethodRoundTripsThroughTheClientAndTheServer()
    {
        object store = Activator.CreateInstance(Sample.Value.Assembly.GetType("Sample.Store")!)!;
        using var loopback = new Loopback((FastRequestHandler)store);
        string failures = (string)Sample.Value.Assembly.GetType("Sample.StoreChecks")!.GetMethod("ClientToServer")!.Invoke(null, [store])!;
        Assert.Equal("", failures);
        Assert.True(loopback.Calls >= 20);
        Assert.Equal(3, loopback.Sends);
    }

    [Fact]
    public void EveryKindOfMalformedWordsRequestIsRefusedBeforeTheImplementation() =>
        Assert.Equal("", (string)Sample.Value.Assembly.GetType("Sample.StoreChecks")!.GetMethod("InvalidRequests")!.Invoke(null, null)!);

    [Theory]
    [InlineData("Sample.StoreProtocol", 1)]
    [InlineData("Sample.StoreProtocol", 2)]
    [InlineData("Sample.StoreProtocol", 3)]
    [InlineData("Sample.CalcProtocol", 1)]
    [InlineData("Sample.CalcProtocol", 2)]
    public void TheGeneratedFuzzerFindsNoFailure(string codec, int seed)
    {
        Assembly assembly = codec.Contains("Store", StringComparison.Ordinal) ? Sample.Value.Assembly : Calc.Value;
        var report = (Smos.Protocol.ProtocolFuzzReport)assembly.GetType(codec)!.GetMethod("Fuzz")!.Invoke(null, [seed, 20000])!;
        Assert.True(report.Failures == 0, report.ToString());
        Assert.Equal(20000, report.Messages);
        Assert.True(report.Accepted > 2000 && report.Refused > 2000, report.ToString());
    }
}
