// The system's own typed protocols (the file server's "files") through the generator and their generated fuzzers.
using System;
using System.IO;
using System.Reflection;
using Smos.Protocol;
using Xunit;

namespace Smos.Protocols.Generator.Tests;

public class SystemProtocolTests
{
    private static readonly Lazy<Assembly> Files = new(() =>
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Protocols", "IFiles.cs"));
        GeneratorRun run = GeneratorHarness.Run(source, withLibsmos: false);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        return GeneratorHarness.Load(run.Output);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheFileServersFuzzerFindsNoFailure(int seed)
    {
        var report = (ProtocolFuzzReport)Files.Value.GetType("Smos.Lib.IO.FilesProtocol")!.GetMethod("Fuzz")!.Invoke(null, [seed, 20000])!;
        Assert.True(report.Failures == 0, report.ToString());
        Assert.Equal(20000, report.Messages);
        Assert.True(report.Accepted > 2000 && report.Refused > 2000, report.ToString());
    }
}
