// Runs the protocol generator on sample sources and compiles the result against the host builds of protocol and libsmos.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smos.Protocols.Generator.Tests;

/// <summary>A sample compiled with the generator: the generator's diagnostics, the generated sources and the compile errors.</summary>
internal sealed record GeneratorRun(ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyList<string> Generated, IReadOnlyList<Diagnostic> Errors, Compilation Output);

internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Runtime = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0 && !Path.GetFileName(p).StartsWith("Smos.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    /// <summary>The host builds of the layers: protocol alone, or with sel4-sys, sel4 and libsmos.</summary>
    public static IEnumerable<MetadataReference> Layers(bool withLibsmos)
    {
        yield return MetadataReference.CreateFromFile(typeof(Smos.Protocol.ProtocolError).Assembly.Location);
        if (withLibsmos)
        {
            yield return MetadataReference.CreateFromFile(typeof(Smos.Sel4.FastMessage).Assembly.Location);
            yield return MetadataReference.CreateFromFile(typeof(Smos.Sel4.Endpoint).Assembly.Location);
            yield return MetadataReference.CreateFromFile(typeof(Smos.Lib.Connections).Assembly.Location);
        }
    }

    public static GeneratorRun Run(string source, bool withLibsmos)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation input = CSharpCompilation.Create(
            "Sample",
            [CSharpSyntaxTree.ParseText(source, parse, "Sample.cs")],
            [.. Runtime.Value, .. Layers(withLibsmos)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ProtocolGenerator().AsSourceGenerator()], parseOptions: parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var generated = result.GeneratedTrees.Select(t => t.ToString()).ToList();
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return new GeneratorRun(diagnostics, generated, errors, output);
    }

    /// <summary>Emits and loads the compiled sample (its layers resolve from the test's own output).</summary>
    public static Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics));
        }

        return Assembly.Load(stream.ToArray());
    }
}
