// Test harness: the analyzer and code-fix tests with the stubs, unsafe code, SMOS_TARGET, and the running runtime's references.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Smos.Analyzers.Tests;

/// <summary>Options and references every test compilation shares.</summary>
internal static class TestEnvironment
{
    /// <summary>The framework assemblies of the runtime running the tests (no NuGet download at test time).</summary>
    public static ImmutableArray<MetadataReference> RuntimeReferences { get; } = LoadRuntimeReferences();

    /// <summary>An empty reference set: the references come from <see cref="RuntimeReferences"/>.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    private static readonly string[] TargetSymbols = { "SMOS_TARGET" };

    public static CSharpParseOptions ParseOptions(bool target) =>
        new CSharpParseOptions(LanguageVersion.Preview).WithPreprocessorSymbols(target ? TargetSymbols : Array.Empty<string>());

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new IpcScopeAnalyzer(), new ScopeEscapeAnalyzer(), new SharedMemoryAnalyzer(), new ServerLoopAllocationAnalyzer(), new UnsupportedFeatureAnalyzer());

    /// <summary>Runs every SmosSharp analyzer over <paramref name="compilation"/> and returns the SMOS diagnostics only.</summary>
    public static async Task<ImmutableArray<Diagnostic>> SmosDiagnosticsAsync(Compilation compilation)
    {
        ImmutableArray<Diagnostic> all = await compilation.WithAnalyzers(AllAnalyzers).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return all.Where(d => d.Id.StartsWith("SMOS", StringComparison.Ordinal)).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadRuntimeReferences()
    {
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty;
        return trusted.Split(Path.PathSeparator)
            .Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}

/// <summary>An analyzer test over one source (with markup such as <c>{|SMOS001:ep.Call(info)|}</c>) plus the stubs.</summary>
internal sealed class SmosAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public SmosAnalyzerTest(string source, bool target)
    {
        Target = target;
        TestCode = source;
        TestState.Sources.Add((Stubs.FileName, Stubs.Sel4));
        ReferenceAssemblies = TestEnvironment.NoPackages;
        TestState.AdditionalReferences.AddRange(TestEnvironment.RuntimeReferences);
    }

    public bool Target { get; }

    protected override ParseOptions CreateParseOptions() => TestEnvironment.ParseOptions(Target);

    protected override CompilationOptions CreateCompilationOptions() => TestEnvironment.CompilationOptions;
}

/// <summary>A code-fix test: the source before and after the fix, each compiled with the stubs.</summary>
internal sealed class SmosCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public SmosCodeFixTest(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        TestState.Sources.Add((Stubs.FileName, Stubs.Sel4));
        FixedState.Sources.Add((Stubs.FileName, Stubs.Sel4));
        ReferenceAssemblies = TestEnvironment.NoPackages;
        TestState.AdditionalReferences.AddRange(TestEnvironment.RuntimeReferences);
    }

    protected override ParseOptions CreateParseOptions() => TestEnvironment.ParseOptions(target: true);

    protected override CompilationOptions CreateCompilationOptions() => TestEnvironment.CompilationOptions;
}

/// <summary>Entry points used by the test classes.</summary>
internal static class Verify
{
    /// <summary>Checks that <typeparamref name="TAnalyzer"/> reports exactly the markup diagnostics of <paramref name="source"/>.</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, bool target = true, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new SmosAnalyzerTest<TAnalyzer>(source, target);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>As <see cref="AnalyzerAsync{TAnalyzer}"/>, for an executable whose <paramref name="source"/> has top-level statements.</summary>
    public static Task ExecutableAnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new SmosAnalyzerTest<TAnalyzer>(source, target: true);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Checks the diagnostics marked in <paramref name="source"/> and that the fix turns it into <paramref name="fixedSource"/>.</summary>
    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        new SmosCodeFixTest<TAnalyzer, TCodeFix>(source, fixedSource).RunAsync();

    /// <summary>A diagnostic with its id and message arguments, located by the markup <c>{|#0:...|}</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int markupLocation, params object[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(markupLocation).WithArguments(arguments);

    /// <summary>Parses test sources the way the target build does (SMOS_TARGET defined).</summary>
    public static IEnumerable<SyntaxTree> ParseAll(IEnumerable<(string Path, string Text)> files, bool target = true) =>
        files.Select(f => CSharpSyntaxTree.ParseText(f.Text, TestEnvironment.ParseOptions(target), f.Path));
}
