// The sample of mistakes gets exactly its marked diagnostics; the real SmosSharp sources get none.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace Smos.Analyzers.Tests;

public partial class SampleAndRealSourceTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"//\s*expect:\s*(?<ids>SMOS\d{3}(\s*,\s*SMOS\d{3})*)")]
    private static partial Regex ExpectMarker();

    [Fact]
    public async Task Sample_with_each_mistake_produces_exactly_the_marked_diagnostics()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Samples", "Mistakes.cs");
        string text = await File.ReadAllTextAsync(path);
        var expected = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = ExpectMarker().Match(lines[i]);
            if (m.Success)
            {
                expected.AddRange(m.Groups["ids"].Value.Split(',').Select(id => $"{i + 1}: {id.Trim()}"));
            }
        }

        IEnumerable<SyntaxTree> trees = Verify.ParseAll(new[] { ("Mistakes.cs", text), (Stubs.FileName, Stubs.Sel4) });
        Compilation compilation = CSharpCompilation.Create("Sample", trees, TestEnvironment.RuntimeReferences, TestEnvironment.CompilationOptions);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        ImmutableArray<Diagnostic> diagnostics = await TestEnvironment.SmosDiagnosticsAsync(compilation);
        List<string> actual = diagnostics
            .Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        foreach (Diagnostic d in diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        Assert.Equal(5, expected.Select(e => e[^7..]).Distinct().Count()); // SMOS001-003, SMOS005 and SMOS006 (SMOS004 is retired)
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), actual);
    }

    [Fact]
    public async Task Real_kernel_glue_libsmos_and_app_sources_have_no_SMOS_diagnostics()
    {
        List<Diagnostic> found = await AnalyzeRealSourcesAsync(withRecommendedMarks: false);
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Select(d => d.ToString())));
    }

    /// <summary>
    /// The runtime's set-up calls (a thread's context, the IPC guard's state, the heap's grower) are internal to the
    /// runtime: libsmos may call them, an app cannot (CS0122), so an app cannot replace the state the guard checks.
    /// </summary>
    [Fact]
    public void Apps_cannot_reach_the_runtimes_set_up_calls_and_libsmos_can()
    {
        string repo = RepoRoot();
        Func<string, string, string> none = (_, text) => text;
        CSharpCompilation corelib = Compile(repo, "Smos.CoreLib", Array.Empty<MetadataReference>(), none, "kernel-glue/corelib");
        CSharpCompilation sys = Compile(repo, "Smos.Sel4.Sys", new[] { corelib.ToMetadataReference() }, none, "kernel-glue/sel4-sys");
        CSharpCompilation sel4 = Compile(repo, "Smos.Sel4", new[] { corelib.ToMetadataReference(), sys.ToMetadataReference() }, none, "kernel-glue/sel4");
        const string Calls = """
            namespace Probe;
            public static unsafe class Misuse
            {
                public static void Run()
                {
                    Smos.Sel4.ThreadContexts.InitializeCurrent(null, 0, 0);
                    Smos.Sel4.IpcGuard.CloseWrite(null);
                    Internal.Runtime.Heap.SetGrower(null);
                    Smos.Sel4.Syscalls.Yield();
                }
            }
            """;
        MetadataReference[] layers = [corelib.ToMetadataReference(), sys.ToMetadataReference(), sel4.ToMetadataReference()];
        SyntaxTree tree = CSharpSyntaxTree.ParseText(Calls, TestEnvironment.ParseOptions(target: true), "Misuse.cs");
        CSharpCompilation app = CSharpCompilation.Create("Smos.App.misuse", [tree], layers, TestEnvironment.CompilationOptions);
        CSharpCompilation lib = CSharpCompilation.Create("Smos.Lib", [tree], layers, TestEnvironment.CompilationOptions);

        List<string> appErrors = Errors(app).Select(d => d.Id).ToList();
        Assert.Equal(["CS0122", "CS0122", "CS0122", "CS0122"], appErrors);
        // libsmos may set threads and the heap up, but even it cannot make a raw system call (sel4-sys gives those to sel4 only).
        Assert.Equal(["CS0122"], Errors(lib).Select(d => d.Id).ToList());
        Assert.Contains("Syscalls", Errors(lib)[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_sources_with_the_recommended_SharedMemory_marks_have_no_SMOS_diagnostics()
    {
        List<Diagnostic> found = await AnalyzeRealSourcesAsync(withRecommendedMarks: true);
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Select(d => d.ToString())));
    }

    /// <summary>
    /// The corelib is exempt from the analyzers, so nothing reports a generic virtual method declared there; an app calling
    /// one would make ILC fail ("Expected type 'System.Runtime.TypeLoaderExports' not found"). There must be none.
    /// </summary>
    [Fact]
    public void The_corelib_declares_no_generic_virtual_method()
    {
        Func<string, string, string> none = (_, text) => text;
        CSharpCompilation corelib = Compile(RepoRoot(), "Smos.CoreLib", Array.Empty<MetadataReference>(), none, "kernel-glue/corelib");
        Assert.Empty(Errors(corelib));
        var found = new List<string>();
        var namespaces = new Stack<INamespaceSymbol>([corelib.Assembly.GlobalNamespace]);
        var types = new Stack<INamedTypeSymbol>();
        while (namespaces.Count > 0)
        {
            INamespaceSymbol ns = namespaces.Pop();
            foreach (INamespaceSymbol inner in ns.GetNamespaceMembers())
            {
                namespaces.Push(inner);
            }

            foreach (INamedTypeSymbol type in ns.GetTypeMembers())
            {
                types.Push(type);
            }
        }

        int methods = 0;
        while (types.Count > 0)
        {
            INamedTypeSymbol type = types.Pop();
            foreach (INamedTypeSymbol nested in type.GetTypeMembers())
            {
                types.Push(nested);
            }

            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                methods++;
                if (method.IsGenericMethod &&
                    (method.IsVirtual || method.IsAbstract || method.IsOverride || (type.TypeKind == TypeKind.Interface && !method.IsStatic)))
                {
                    found.Add(method.ToDisplayString());
                }
            }
        }

        Assert.True(methods > 1000, $"only {methods} methods seen: the walk missed the corelib");
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>
    /// Compiles kernel-glue (corelib, sel4-sys, sel4, formats), protocol, libsmos, every app, the root task (product, self-test
    /// and bench builds), the loader and the app templates for the target, as the real build does, and runs the analyzers.
    /// With marks: the [SharedMemory] uses docs/analyzers.md recommends are added to the text.
    /// </summary>
    private async Task<List<Diagnostic>> AnalyzeRealSourcesAsync(bool withRecommendedMarks)
    {
        string repo = RepoRoot();
        Func<string, string, string> marks = withRecommendedMarks ? AddRecommendedMarks : (_, text) => text;
        CSharpCompilation corelib = Compile(repo, "Smos.CoreLib", Array.Empty<MetadataReference>(), marks, "kernel-glue/corelib");
        CSharpCompilation sys = Compile(repo, "Smos.Sel4.Sys", new[] { corelib.ToMetadataReference() }, marks, "kernel-glue/sel4-sys");
        if (withRecommendedMarks && !sys.SyntaxTrees.Any(t => t.ToString().Contains("class SharedMemoryAttribute", StringComparison.Ordinal)))
        {
            sys = sys.AddSyntaxTrees(CSharpSyntaxTree.ParseText(SharedMemoryAttributeSource, TestEnvironment.ParseOptions(target: true), "SharedMemoryAttribute.cs"));
        }

        CSharpCompilation sel4 = Compile(repo, "Smos.Sel4", new[] { corelib.ToMetadataReference(), sys.ToMetadataReference() }, marks, "kernel-glue/sel4");
        CSharpCompilation formats = Compile(repo, "Smos.Formats", new[] { corelib.ToMetadataReference() }, marks, "kernel-glue/formats/*.cs");
        // The protocol with IRootTask's generated codec and client, as the real build makes it.
        var protocol = (CSharpCompilation)WithProtocols(Compile(repo, "Smos.Protocol", new[] { corelib.ToMetadataReference() }, marks, "protocol"));
        MetadataReference[] layers = [corelib.ToMetadataReference(), sys.ToMetadataReference(), sel4.ToMetadataReference(), protocol.ToMetadataReference()];
        CSharpCompilation lib = Compile(repo, "Smos.Lib", layers, marks, "libsmos");
        var compilations = new List<Compilation> { corelib, sys, sel4, formats, protocol, lib };
        foreach (string app in Directory.GetDirectories(Path.Combine(repo, "apps")).Order(StringComparer.Ordinal))
        {
            if (!Directory.EnumerateFiles(app, "*.cs").Any())
            {
                continue; // not an app (apps/demos holds init lists)
            }

            string name = "Smos.App." + Path.GetFileName(app);
            compilations.Add(WithProtocols(Compile(repo, name, [.. layers, lib.ToMetadataReference()], marks, [Path.GetRelativePath(repo, app), .. LinkedSources(repo, app)])));
        }

        // The system programs, each with the defines of the images that contain it (buildsys: SMOS_SELFTEST, SMOS_BENCH).
        var programs = new List<CSharpCompilation>();
        MetadataReference[] rootLayers = [.. layers, formats.ToMetadataReference()];
        foreach (string[] defines in new[] { Array.Empty<string>(), ["SMOS_SELFTEST"], ["SMOS_SELFTEST", "SMOS_BENCH"] })
        {
            CSharpCompilation root = Compile(repo, "Smos.RootTask", rootLayers, marks, defines, "servers/roottask");
            programs.Add(root);
            if (defines.Length > 0)
            {
                programs.Add(Compile(repo, "Smos.RootTask.SelfTest", [.. rootLayers, root.ToMetadataReference()], marks, defines, "servers/selftest"));
            }
        }

        programs.Add(Compile(repo, "Smos.Loader", [corelib.ToMetadataReference(), formats.ToMetadataReference()], marks, "loader"));
        foreach (string template in Directory.GetDirectories(Path.Combine(repo, "templates")).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(template) == "smos-system")
            {
                continue; // several projects: below
            }

            programs.Add(Compile(repo, "Smos.App." + Path.GetFileName(template), [.. layers, lib.ToMetadataReference()], marks, Path.GetRelativePath(repo, template)));
        }

        // smos-system: its protocol library (with the generator's output), then the server and the client that use it.
        var systemProtocol = (CSharpCompilation)WithProtocols(Compile(repo, "SmosSystem.Protocol", [.. layers, lib.ToMetadataReference()], marks, "templates/smos-system/SmosSystem.Protocol"));
        programs.Add(systemProtocol);
        foreach (string part in new[] { "Server", "Client" })
        {
            programs.Add(Compile(repo, "SmosSystem." + part, [.. layers, lib.ToMetadataReference(), systemProtocol.ToMetadataReference()], marks, "templates/smos-system/SmosSystem." + part));
        }

        Assert.Equal(11, programs.Count);
        foreach (CSharpCompilation program in programs)
        {
            Assert.True(Errors(program).Count == 0, program.AssemblyName + ": " + string.Join(Environment.NewLine, Errors(program)));
        }

        compilations.AddRange(programs);

        // kernel-glue itself must compile cleanly here, or the check would prove nothing about it.
        Assert.Empty(Errors(corelib));
        Assert.Empty(Errors(sys));
        Assert.Empty(Errors(sel4));
        Assert.Empty(Errors(formats));
        Assert.Empty(Errors(protocol));
        Assert.Contains(sel4.SyntaxTrees, t => t.FilePath.EndsWith("Scopes.cs", StringComparison.Ordinal));
        if (withRecommendedMarks)
        {
            Assert.Contains(sys.SyntaxTrees, t => t.ToString().Contains("[SharedMemory]", StringComparison.Ordinal));
        }

        var found = new List<Diagnostic>();
        foreach (Compilation compilation in compilations)
        {
            output.WriteLine($"{compilation.AssemblyName}: {compilation.SyntaxTrees.Count()} files, {Errors(compilation).Count} compile errors");
            foreach (Diagnostic error in Errors(compilation).Take(5))
            {
                output.WriteLine("  " + error);
            }

            found.AddRange(await TestEnvironment.SmosDiagnosticsAsync(compilation));
        }

        return found;
    }

    private const string SharedMemoryAttributeSource = """
        namespace Smos.Sel4;

        [System.AttributeUsage(System.AttributeTargets.Struct | System.AttributeTargets.Method | System.AttributeTargets.ReturnValue |
            System.AttributeTargets.Parameter | System.AttributeTargets.Field | System.AttributeTargets.Property)]
        public sealed class SharedMemoryAttribute : System.Attribute
        {
        }
        """;

    /// <summary>The [SharedMemory] marks docs/analyzers.md recommends, applied where their declarations are found.</summary>
    private static string AddRecommendedMarks(string path, string text)
    {
        (string File, string Declaration, string Marked)[] marks =
        {
            ("IpcBuffer.cs", "public struct IpcBufferLayout", "[SharedMemory]\npublic struct IpcBufferLayout"),
            ("AppRuntime.cs", "Start(nuint startInfoAddress)", "Start([SharedMemory] nuint startInfoAddress)"),
            ("AppRuntime.cs", "public static StartInfo* StartInfo;", "[SharedMemory]\n    public static StartInfo* StartInfo;"),
            ("Args.cs", "Load(StartInfo* info)", "Load([SharedMemory] StartInfo* info)"),
        };
        foreach ((string file, string declaration, string marked) in marks)
        {
            if (path.EndsWith("/" + file, StringComparison.Ordinal) && !text.Contains(marked, StringComparison.Ordinal))
            {
                text = text.Replace(declaration, marked, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>The app with what the protocol generator adds to it (as the real build does), so the analyzers check that code too.</summary>
    private static Compilation WithProtocols(CSharpCompilation app)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new Smos.Protocols.Generator.ProtocolGenerator().AsSourceGenerator()], parseOptions: TestEnvironment.ParseOptions(target: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(app, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        if (driver.GetRunResult().GeneratedTrees.IsEmpty)
        {
            return app;
        }

        Assert.True(diagnostics.IsEmpty, app.AssemblyName + ": " + string.Join(Environment.NewLine, diagnostics));
        Assert.True(Errors(output).Count == 0, app.AssemblyName + ": " + string.Join(Environment.NewLine, Errors(output)));
        return output;
    }

    /// <summary>The files an app's project compiles from elsewhere (another app's typed protocol: &lt;Compile Include="../x/IX.cs" /&gt;), relative to the repository.</summary>
    private static IEnumerable<string> LinkedSources(string repo, string app) =>
        Directory.EnumerateFiles(app, "*.csproj")
            .SelectMany(project => XDocument.Load(project).Descendants("Compile"))
            .Select(compile => compile.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetRelativePath(repo, Path.GetFullPath(Path.Combine(app, include))))
            .Order(StringComparer.Ordinal);

    private static List<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Compiles the .cs files under each folder (recursively, without bin/obj; "dir/*.cs" for one level; "dir/File.cs" one file) for the target.</summary>
    private static CSharpCompilation Compile(string repo, string assemblyName, IEnumerable<MetadataReference> references, Func<string, string, string> edit, params string[] folders) =>
        Compile(repo, assemblyName, references, edit, Array.Empty<string>(), folders);

    /// <summary>As above, with preprocessor symbols beside SMOS_TARGET (the SmosDefines of a build).</summary>
    private static CSharpCompilation Compile(
        string repo, string assemblyName, IEnumerable<MetadataReference> references, Func<string, string, string> edit, string[] defines, params string[] folders)
    {
        CSharpParseOptions options = TestEnvironment.ParseOptions(target: true);
        options = options.WithPreprocessorSymbols(options.PreprocessorSymbolNames.Concat(defines));
        var trees = new List<SyntaxTree>();
        foreach (string folder in folders)
        {
            if (folder.EndsWith(".cs", StringComparison.Ordinal) && File.Exists(Path.Combine(repo, folder)))
            {
                string file = Path.Combine(repo, folder);
                trees.Add(CSharpSyntaxTree.ParseText(edit(file, File.ReadAllText(file)), options, file));
                continue;
            }

            bool shallow = folder.EndsWith("/*.cs", StringComparison.Ordinal);
            string dir = Path.Combine(repo, shallow ? folder[..^5] : folder);
            IEnumerable<string> files = Directory.EnumerateFiles(dir, "*.cs", shallow ? SearchOption.TopDirectoryOnly : SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            trees.AddRange(files.Select(f => CSharpSyntaxTree.ParseText(edit(f, File.ReadAllText(f)), options, f)));
        }

        return CSharpCompilation.Create(assemblyName, trees, references, TestEnvironment.CompilationOptions);
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SmosSharp.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("SmosSharp.sln not found above " + AppContext.BaseDirectory);
    }
}
